using System.Numerics;

namespace PaySessions.Core.Payments;

/// <summary>
/// ERC-20 transfers carry no order reference, so open payments to the same recipient and token are told apart by their
/// amounts: each gets a small offset above its price. A pick costs the same however many payments are open: a few random
/// offsets are asked about at once (one indexed look-up), and only when every one of them is taken does the search widen.
/// </summary>
/// <remarks>
/// Offsets step in millionths of a token (one base unit of a 6-decimal token; coarser for tokens with fewer decimals) and
/// come in three tiers, each ten times wider than the one before:
/// tier 0 below 0.01 token (9,999 offsets), tier 1 below 0.1 token (99,999), tier 2 below 1 token (999,999).
/// A quiet wallet always gets a tier-0 offset, under one cent. Tier 1 is reached only when 16 random tier-0 offsets are
/// all held at once, i.e. with roughly 8,000+ open payments of one price to one wallet; tier 2 (64 probes of tier 1 all
/// held) only past ~85,000.
/// The worst case is therefore an offset under 0.1 token (0.8 % of a 12.50 price, 0.1 % of a 100.00 one) up to ~85,000
/// open payments of one price, and under one token beyond that (up to ~850,000). The database's unique index on held
/// amounts, not this search, is what guarantees two open payments never ask the same amount.
/// </remarks>
public static class UniqueAmounts
{
    /// <summary>Random offsets looked up together in tier 0: at 50 % density all are taken once in 65,536 picks.</summary>
    public const int ProbesPerTier = 16;

    /// <summary>Random offsets looked up together in a widened tier, so a pick only spills further once that tier is really full (at 60 % density, once in 10^14 picks).</summary>
    public const int ProbesPerWideTier = 64;

    /// <summary>How many tiers there are; the last is at most ten thousand times as wide as the first.</summary>
    public const int Tiers = 3;

    /// <summary>Offsets step in millionths of a token (one base unit for 6-decimal tokens).</summary>
    public static BigInteger Step(int decimals) => decimals > 6 ? BigInteger.Pow(10, decimals - 6) : BigInteger.One;

    /// <summary>The largest offset multiplier of tier 0, whose offsets stay under one hundredth of a token (0 when the token has no room).</summary>
    public static int MaxMultiplier(int decimals) => MaxMultiplier(decimals, 0);

    /// <summary>The largest offset multiplier of <paramref name="tier"/>: offsets under 10^(tier-2) token.</summary>
    public static int MaxMultiplier(int decimals, int tier)
    {
        var digits = Math.Min(decimals, 6) - 2 + tier;
        return digits <= 0 ? 0 : (int)Math.Pow(10, digits) - 1;
    }

    /// <summary>
    /// Picks a free amount: up to <see cref="ProbesPerTier"/> random offsets per tier, asked about in one call of
    /// <paramref name="takenAmong"/> (which answers those of them already held). Null when every tier came back full.
    /// </summary>
    public static async Task<BigInteger?> PickAsync(
        BigInteger quoted, int decimals, Func<IReadOnlyList<BigInteger>, Task<IReadOnlySet<BigInteger>>> takenAmong, Random random)
    {
        var step = Step(decimals);
        var previousMax = -1;
        for (var tier = 0; tier < Tiers; tier++)
        {
            var max = MaxMultiplier(decimals, tier);
            if (max <= 0 || max == previousMax)
            {
                continue;
            }

            previousMax = max;
            var candidates = Candidates(quoted, step, max, tier == 0 ? ProbesPerTier : ProbesPerWideTier, random);
            var taken = await takenAmong(candidates);
            foreach (var candidate in candidates)
            {
                if (!taken.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Distinct random amounts of one tier (all of them when the tier is small).</summary>
    private static List<BigInteger> Candidates(BigInteger quoted, BigInteger step, int max, int probes, Random random)
    {
        var multipliers = new HashSet<int>();
        if (max <= probes)
        {
            multipliers.UnionWith(Enumerable.Range(1, max));
        }
        else
        {
            while (multipliers.Count < probes)
            {
                multipliers.Add(random.Next(1, max + 1));
            }
        }

        return multipliers.Select(m => quoted + (step * m)).ToList();
    }
}
