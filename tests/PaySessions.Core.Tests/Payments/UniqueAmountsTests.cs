using System.Numerics;
using PaySessions.Core.Payments;

namespace PaySessions.Core.Tests.Payments;

public class UniqueAmountsTests
{
    private static readonly BigInteger Price = new(12_500_000); // 12.50 of a 6-decimal token

    [Fact]
    public async Task a_quiet_wallet_gets_an_offset_below_one_cent_of_the_token()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var picked = (await PickAsync(Price, 6, new HashSet<BigInteger>(), random))!.Value;
            Assert.InRange(picked - Price, BigInteger.One, new BigInteger(9_999));
        }
    }

    [Fact]
    public async Task eighteen_decimal_tokens_step_in_millionths()
    {
        var quoted = BigInteger.Pow(10, 19);
        var picked = (await PickAsync(quoted, 18, new HashSet<BigInteger>(), new Random(1)))!.Value;
        Assert.Equal(BigInteger.Zero, (picked - quoted) % BigInteger.Pow(10, 12));
        Assert.True(picked - quoted < BigInteger.Pow(10, 16));
    }

    [Fact]
    public void tiers_widen_tenfold_and_stay_below_one_token()
    {
        Assert.Equal([9_999, 99_999, 999_999], Enumerable.Range(0, UniqueAmounts.Tiers).Select(t => UniqueAmounts.MaxMultiplier(6, t)));
        Assert.Equal([0, 9, 99], Enumerable.Range(0, UniqueAmounts.Tiers).Select(t => UniqueAmounts.MaxMultiplier(2, t)));
        Assert.Equal(UniqueAmounts.MaxMultiplier(6, 2), UniqueAmounts.MaxMultiplier(18, 2));
    }

    [Fact]
    public async Task a_full_first_tier_moves_the_pick_to_the_next_one_in_one_more_look_up()
    {
        var taken = Enumerable.Range(1, 9_999).Select(k => Price + k).ToHashSet();
        var lookUps = 0;
        var picked = await UniqueAmounts.PickAsync(Price, 6, amounts =>
        {
            lookUps++;
            Assert.Equal(lookUps == 1 ? UniqueAmounts.ProbesPerTier : UniqueAmounts.ProbesPerWideTier, amounts.Count);
            return Task.FromResult<IReadOnlySet<BigInteger>>(amounts.Where(taken.Contains).ToHashSet());
        }, new Random(3));

        Assert.Equal(2, lookUps);
        Assert.InRange(picked!.Value - Price, new BigInteger(10_000), new BigInteger(99_999));
    }

    [Fact]
    public async Task exhaustion_is_reported_when_every_probe_of_every_tier_is_taken()
    {
        var lookUps = 0;
        var picked = await UniqueAmounts.PickAsync(Price, 6, amounts =>
        {
            lookUps++;
            return Task.FromResult<IReadOnlySet<BigInteger>>(amounts.ToHashSet());
        }, new Random(3));

        Assert.Null(picked);
        Assert.Equal(UniqueAmounts.Tiers, lookUps);
    }

    [Fact]
    public async Task a_token_without_room_for_a_cent_offset_uses_its_small_tiers_exhaustively()
    {
        var taken = new HashSet<BigInteger> { 1250 + 1, 1250 + 2, 1250 + 3, 1250 + 4, 1250 + 5, 1250 + 6, 1250 + 7, 1250 + 8 };
        var picked = await PickAsync(new BigInteger(1250), 2, taken, new Random(5));
        Assert.Equal(new BigInteger(1259), picked);
    }

    [Fact]
    public async Task sixty_thousand_open_payments_of_one_price_to_one_wallet_all_get_distinct_amounts_at_a_flat_cost()
    {
        var taken = new HashSet<BigInteger>();
        var random = new Random(11);
        var lookUps = 0;
        var maxOffset = BigInteger.Zero;
        for (var i = 0; i < 60_000; i++)
        {
            var picked = await UniqueAmounts.PickAsync(Price, 6, amounts =>
            {
                lookUps++;
                return Task.FromResult<IReadOnlySet<BigInteger>>(amounts.Where(taken.Contains).ToHashSet());
            }, random);
            Assert.NotNull(picked);
            Assert.True(taken.Add(picked.Value), $"{picked} was handed out twice");
            maxOffset = BigInteger.Max(maxOffset, picked.Value - Price);
        }

        Assert.True(lookUps <= 60_000 * 2, $"{lookUps} look-ups for 60,000 picks"); // never more than two tiers asked
        Assert.True(maxOffset < 100_000, $"the largest offset was {maxOffset} base units");
    }

    private static Task<BigInteger?> PickAsync(BigInteger quoted, int decimals, IReadOnlySet<BigInteger> taken, Random random) =>
        UniqueAmounts.PickAsync(quoted, decimals, amounts => Task.FromResult<IReadOnlySet<BigInteger>>(amounts.Where(taken.Contains).ToHashSet()), random);
}
