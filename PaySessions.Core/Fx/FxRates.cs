using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

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

/// <summary>Each rate is a positive number under a key like <c>EUR/USD</c> (lookups are exact, so case matters).</summary>
public sealed partial class FxOptionsValidator : IValidateOptions<FxOptions>
{
    public ValidateOptionsResult Validate(string? name, FxOptions options)
    {
        var checks = new SettingChecks("Fx:Rates");
        foreach (var (pair, rate) in options.Rates)
        {
            checks.That(CurrencyPair().IsMatch(pair), pair, "must be named like EUR/USD (two upper-case currency codes)", pair)
                .That(rate > 0, pair, "must be a positive rate", rate);
        }

        return checks.Result();
    }

    [GeneratedRegex("^[A-Z]{3}/[A-Z]{3}$")]
    private static partial Regex CurrencyPair();
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
