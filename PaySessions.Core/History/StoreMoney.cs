using PaySessions.Core.Fx;

namespace PaySessions.Core.History;

/// <summary>
/// Sales added up in the store's currency. <see cref="LeftOut"/> sales could not be converted (no rate configured for
/// their currency, listed in <see cref="MissingRates"/>) and are not in <see cref="Amount"/>: the screens say so.
/// </summary>
public sealed record MoneyTotal(string Currency, decimal Amount, int Converted, int LeftOut, IReadOnlyList<string> MissingRates)
{
    public string Text => FiatCurrencies.Format(Amount, Currency);

    /// <summary>The amount with the currency's minor units and nothing else ("1234.50"), for files.</summary>
    public string Plain => Amount.ToString("F" + StoreMoney.MinorUnits(Currency), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Converts sales to the store's currency (the merchant's default currency). A sale priced in that currency counts at
/// its own fiat amount, exactly. A sale priced in another one is converted with the installation's configured rate
/// (<see cref="IFxRateProvider"/>) as it is when the report is read, not the rate of the day of the sale; the sum is
/// rounded once, to the currency's minor units.
/// </summary>
public sealed class StoreMoney(string currency, IFxRateProvider fx)
{
    public string Currency => currency;

    public MoneyTotal Sum(IEnumerable<SaleLine> sales)
    {
        var amount = 0m;
        var converted = 0;
        var leftOut = 0;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var sale in sales)
        {
            if (sale.Currency == currency)
            {
                amount += sale.Amount;
                converted++;
            }
            else if (fx.GetRate(sale.Currency, currency) is { } rate)
            {
                amount += sale.Amount * rate;
                converted++;
            }
            else
            {
                leftOut++;
                missing.Add(sale.Currency);
            }
        }

        return new MoneyTotal(currency, decimal.Round(amount, MinorUnits(currency), MidpointRounding.ToEven), converted, leftOut, [.. missing]);
    }

    public static int MinorUnits(string currency) => FiatCurrencies.TryGetMinorUnits(currency, out var units) ? units : 2;
}
