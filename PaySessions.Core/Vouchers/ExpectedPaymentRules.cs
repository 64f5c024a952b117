using System.Globalization;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// Checks a redeem's expected payment: a known token (the network found from the token address when left out),
/// an exact amount the token can express, a receiving address. Says precisely which field is wrong.
/// </summary>
public static class ExpectedPaymentRules
{
    public static Result<(ExpectedPayment Expected, Asset Asset, decimal Amount)> Check(ExpectedPaymentRequest? request, NetworkCatalog catalog, decimal maxAmount)
    {
        if (request is null)
        {
            return PayError.Validation("expectedPayment", "expectedPayment is required.");
        }

        var errors = new Dictionary<string, string[]>();
        string? address = null;
        if (request.CurrencyAddress is not null && !EvmAddress.TryParse(request.CurrencyAddress, out address))
        {
            errors["expectedPayment.currencyAddress"] = ["currencyAddress must be a 0x-prefixed 20-byte address."];
        }

        Asset? asset = null;
        if (request.Network is { } networkName)
        {
            asset = address is not null
                ? catalog.AssetsOn(networkName.ToLowerInvariant()).FirstOrDefault(a => a.Contract == address)
                : catalog.FindAsset(networkName, request.Currency);
        }
        else if (address is not null)
        {
            // Network auto-detection: the token contract names it, when exactly one configured network has it.
            var candidates = catalog.Assets.Where(a => a.Contract == address).ToList();
            asset = candidates.Count == 1 ? candidates[0] : null;
        }

        if (asset is null && !errors.ContainsKey("expectedPayment.currencyAddress"))
        {
            errors["expectedPayment.currency"] = ["No accepted token matches this network, currency and currencyAddress."];
        }
        else if (asset is not null && request.Currency is { } currency && !string.Equals(currency, asset.Symbol, StringComparison.OrdinalIgnoreCase))
        {
            errors["expectedPayment.currency"] = [$"currencyAddress is {asset.Symbol} on {asset.Network.Name}, not {currency}."];
        }

        decimal amount = 0;
        if (asset is not null && (!Chain.TokenAmount.TryParse(request.Amount, asset.Decimals, out var units) || units.IsZero
            || !decimal.TryParse(request.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) || amount > maxAmount))
        {
            errors["expectedPayment.amount"] = [$"amount must be a decimal string above zero, at most {maxAmount}, with at most {asset.Decimals} decimals."];
        }

        if (!EvmAddress.TryParse(request.Wallet?.Address, out var wallet))
        {
            errors["expectedPayment.wallet.address"] = ["wallet.address must be the receiving 0x-prefixed 20-byte address."];
        }

        return errors.Count > 0
            ? PayError.Validation(errors)
            : (new ExpectedPayment(asset!.Network.Name, asset.Symbol, asset.Contract, request.Amount!, wallet!), asset, amount);
    }
}
