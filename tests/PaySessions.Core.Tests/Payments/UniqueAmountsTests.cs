using System.Numerics;
using PaySessions.Core.Payments;

namespace PaySessions.Core.Tests.Payments;

public class UniqueAmountsTests
{
    [Fact]
    public void offsets_stay_below_one_cent_of_the_token()
    {
        var quoted = new BigInteger(12_340_000);
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var picked = UniqueAmounts.Pick(quoted, 6, new HashSet<BigInteger>(), random)!.Value;
            Assert.InRange(picked - quoted, BigInteger.One, new BigInteger(9_999));
        }
    }

    [Fact]
    public void eighteen_decimal_tokens_step_in_millionths()
    {
        var quoted = BigInteger.Pow(10, 19);
        var picked = UniqueAmounts.Pick(quoted, 18, new HashSet<BigInteger>(), new Random(1))!.Value;
        Assert.Equal(BigInteger.Zero, (picked - quoted) % BigInteger.Pow(10, 12));
        Assert.True(picked - quoted < BigInteger.Pow(10, 16));
    }

    [Fact]
    public void finds_the_last_free_offset_and_then_reports_exhaustion()
    {
        var quoted = new BigInteger(1_000_000);
        var taken = Enumerable.Range(1, 9_999).Select(k => quoted + k).ToHashSet();
        taken.Remove(quoted + 4242);
        Assert.Equal(quoted + 4242, UniqueAmounts.Pick(quoted, 6, taken, new Random(3)));
        taken.Add(quoted + 4242);
        Assert.Null(UniqueAmounts.Pick(quoted, 6, taken, new Random(3)));
    }
}
