using System.Globalization;
using System.Text.RegularExpressions;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;

namespace PaySessions.Core.Fx;

/// <summary>The body of <c>POST /api/v1/finance/currencies/convert</c>, named as the voucher reference names it.</summary>
public sealed record ConvertRequest(
    string? SourceNetwork = null, string? SourceCurrency = null, string? SourceCurrencyAddress = null,
    string? TargetNetwork = null, string? TargetCurrency = null, string? TargetCurrencyAddress = null,
    string? Amount = null);

/// <summary>A token this installation accepts, or a fiat currency, as the finance endpoints list and convert them.</summary>
public sealed record Denomination(string Currency, string Peg, int Decimals);

/// <summary>
/// Converts an amount between two currencies, each a token (network + symbol + contract; the contract may be left
/// empty) or a fiat currency (empty contract), through the same rates a negotiated voucher is priced with: pegged
/// tokens 1:1 to their currency, cross rates from <see cref="IFxRateProvider"/>. The result is rounded up to the
/// target's decimals, as the payer would be asked.
/// </summary>
public sealed partial class ConvertAmount(IFxRateProvider rates, NetworkCatalog catalog)
{
    public Result<string> Execute(ConvertRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var source = Side(request.SourceNetwork, request.SourceCurrency, request.SourceCurrencyAddress, "source", errors);
        var target = Side(request.TargetNetwork, request.TargetCurrency, request.TargetCurrencyAddress, "target", errors);
        if (request.Amount is not { Length: > 0 and <= 40 } || !AmountText().IsMatch(request.Amount)
            || !decimal.TryParse(request.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            errors["amount"] = ["amount must be a decimal string, e.g. \"100\" or \"92.15\"."];
            amount = 0;
        }

        if (errors.Count > 0)
        {
            return PayError.Validation(errors);
        }

        if (rates.GetRate(source!.Peg, target!.Peg) is not { } rate)
        {
            return PayError.Validation("targetCurrency", $"No exchange rate between {source.Peg} and {target.Peg} is configured.");
        }

        return TokenAmount.Format(TokenAmount.ToBaseUnitsCeiling(amount * rate, target.Decimals), target.Decimals);
    }

    private Denomination? Side(string? networkName, string? currency, string? address, string side, Dictionary<string, string[]> errors)
    {
        if (networkName is not { Length: >= 4 and <= 32 } || catalog.FindNetwork(networkName) is not { } network)
        {
            errors[$"{side}Network"] = [$"{side}Network must be a network this installation knows: {string.Join(", ", catalog.Networks.Select(n => n.Name))}."];
            return null;
        }

        if (currency is null || !Symbol().IsMatch(currency))
        {
            errors[$"{side}Currency"] = [$"{side}Currency is 2 to 8 upper-case letters or digits, e.g. USDC or EUR."];
            return null;
        }

        if (address is null || address.Length > 66)
        {
            errors[$"{side}CurrencyAddress"] = [$"{side}CurrencyAddress is the token's address, or \"\" for the currency itself."];
            return null;
        }

        var asset = address.Length > 0
            ? (EvmAddress.TryParse(address, out var contract) ? catalog.AssetsOn(network.Name).FirstOrDefault(a => a.Contract == contract) : null)
            : catalog.FindAsset(network.Name, currency);
        if (asset is not null && asset.Symbol == currency)
        {
            return new Denomination(asset.Symbol, asset.Peg, asset.Decimals);
        }

        if (address.Length == 0 && FiatCurrencies.TryGetMinorUnits(currency, out var minor))
        {
            return new Denomination(currency, currency, minor);
        }

        errors[$"{side}Currency"] = [$"{currency} is neither a token accepted on {network.Name} (at that address) nor a fiat currency we price in."];
        return null;
    }

    [GeneratedRegex("^[A-Z0-9]{2,8}$")]
    private static partial Regex Symbol();

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex AmountText();
}
