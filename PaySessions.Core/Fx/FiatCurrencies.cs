using System.Collections.Frozen;

namespace PaySessions.Core.Fx;

/// <summary>ISO 4217 currencies we price in, with their minor units (how many decimals an amount may carry).</summary>
public static class FiatCurrencies
{
    private static readonly FrozenDictionary<string, int> MinorUnits = new Dictionary<string, int>
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["CNY"] = 2, ["HKD"] = 2, ["SGD"] = 2, ["SEK"] = 2, ["NOK"] = 2,
        ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2, ["MXN"] = 2, ["BRL"] = 2, ["INR"] = 2,
        ["ZAR"] = 2, ["TRY"] = 2, ["AED"] = 2, ["ILS"] = 2, ["BHD"] = 3, ["KWD"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Codes => MinorUnits.Keys.Order(StringComparer.Ordinal);

    public static bool TryGetMinorUnits(string? code, out int minorUnits)
    {
        minorUnits = 0;
        return code is { Length: 3 } && MinorUnits.TryGetValue(code, out minorUnits);
    }

    public static string Format(decimal amount, string currency)
    {
        var decimals = TryGetMinorUnits(currency, out var minor) ? minor : 2;
        return amount.ToString("N" + decimals, System.Globalization.CultureInfo.InvariantCulture) + " " + currency;
    }
}
