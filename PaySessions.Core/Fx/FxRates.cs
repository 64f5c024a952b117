using Microsoft.Extensions.Options;

namespace PaySessions.Core.Fx;

/// <summary>Cross rates between fiat currencies. Pegged stablecoins need a rate only when the sale is priced in another currency.</summary>
public interface IFxRateProvider
{
    /// <summary>How many units of <paramref name="to"/> one unit of <paramref name="from"/> buys, or null when unknown.</summary>
    decimal? GetRate(string from, string to);
}

/// <summary>The <c>Fx</c> section: static rates that work offline, e.g. <c>"EUR/USD": 1.08</c>.</summary>
public sealed class FxOptions
{
    public Dictionary<string, decimal> Rates { get; set; } = [];
}

public sealed class StaticFxRateProvider(IOptions<FxOptions> options) : IFxRateProvider
{
    public decimal? GetRate(string from, string to)
    {
        if (from == to)
        {
            return 1m;
        }

        var rates = options.Value.Rates;
        if (rates.TryGetValue($"{from}/{to}", out var direct) && direct > 0)
        {
            return direct;
        }

        if (rates.TryGetValue($"{to}/{from}", out var inverse) && inverse > 0)
        {
            return decimal.Round(1m / inverse, 10);
        }

        return null;
    }
}
