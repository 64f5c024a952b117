using System.Numerics;

namespace PaySessions.Core.Payments;

/// <summary>
/// ERC-20 transfers carry no order reference, so open payments to the same recipient and token are told
/// apart by their amounts: each gets a small offset, always below one cent of the token's unit.
/// </summary>
public static class UniqueAmounts
{
    /// <summary>Offsets step in millionths of a token (one base unit for 6-decimal tokens).</summary>
    public static BigInteger Step(int decimals) => decimals > 6 ? BigInteger.Pow(10, decimals - 6) : BigInteger.One;

    /// <summary>The largest offset multiplier that keeps the offset under one hundredth of a token.</summary>
    public static int MaxMultiplier(int decimals) => decimals >= 6 ? 9_999 : decimals <= 2 ? 0 : (int)Math.Pow(10, decimals - 2) - 1;

    /// <summary>Picks a free amount at random among the offsets not in <paramref name="taken"/>; null when every offset is in use.</summary>
    public static BigInteger? Pick(BigInteger quoted, int decimals, IReadOnlySet<BigInteger> taken, Random random)
    {
        var step = Step(decimals);
        var max = MaxMultiplier(decimals);
        if (max == 0)
        {
            return taken.Contains(quoted) ? null : quoted;
        }

        for (var attempt = 0; attempt < 32; attempt++)
        {
            var candidate = quoted + (step * random.Next(1, max + 1));
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }

        // Dense: walk every offset once, from a random start so payments don't cluster.
        var start = random.Next(1, max + 1);
        for (var i = 0; i < max; i++)
        {
            var multiplier = ((start - 1 + i) % max) + 1;
            var candidate = quoted + (step * multiplier);
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
