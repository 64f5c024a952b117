using PaySessions.Core.Common;
using PaySessions.Core.Fx;
using PaySessions.Core.Merchants;

namespace PaySessions.Core.Sessions;

/// <summary>Checks a new session request before anything is stored, and says precisely what is wrong.</summary>
public static class SessionRules
{
    private const decimal MaxFxRate = 1_000_000m;
    private const int MaxFxRateDecimals = 12;

    public static PayError? Check(CreateSessionRequest request, ApiKeyKind keyKind, SessionOptions options)
    {
        if (request.FxRate is not null && keyKind != ApiKeyKind.Secret)
        {
            return new PayError(PayErrorKind.Forbidden, ErrorCodes.FxRateNeedsSecretKey,
                "fxRate can only be set when the session is created with the secret API key (X-Api-Key), not the publishable key.");
        }

        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(request.AmountCurrency))
        {
            Add("amountCurrency", "amountCurrency is required (ISO 4217, e.g. USD).");
        }

        if (request.Amount is not { } amount)
        {
            Add("amount", "amount is required.");
        }
        else if (amount <= 0)
        {
            Add("amount", "amount must be greater than zero.");
        }
        else if (amount > options.MaxAmount)
        {
            Add("amount", $"amount must not exceed {options.MaxAmount}.");
        }
        else if (FiatCurrencies.TryGetMinorUnits(request.AmountCurrency, out var minor) && decimal.Round(amount, minor) != amount)
        {
            Add("amount", $"amount has more decimals than {request.AmountCurrency} allows ({minor}).");
        }

        if (request.FxRate is { } rate && (rate <= 0 || rate > MaxFxRate || decimal.Round(rate, MaxFxRateDecimals) != rate))
        {
            Add("fxRate", $"fxRate must be greater than zero, at most {MaxFxRate}, with at most {MaxFxRateDecimals} decimals.");
        }

        CheckText(request.Descriptor, "descriptor", Add);
        CheckText(request.ReferenceNumber, "referenceNumber", Add);

        if (errors.Count > 0)
        {
            return PayError.Validation(errors);
        }

        return FiatCurrencies.TryGetMinorUnits(request.AmountCurrency, out _)
            ? null
            : new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedCurrency, $"amountCurrency '{request.AmountCurrency}' is not a supported ISO 4217 currency code.");
    }

    /// <summary>The customer's choice of asset and network: both named, neither absurdly long. Empty when fine.</summary>
    public static Dictionary<string, string[]> CheckPick(string? asset, string? network)
    {
        var fields = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(asset) || asset.Length > 20)
        {
            fields["asset"] = ["asset is required, e.g. USDC."];
        }

        if (string.IsNullOrWhiteSpace(network) || network.Length > 50)
        {
            fields["network"] = ["network is required, e.g. polygon."];
        }

        return fields;
    }

    /// <summary>A cancel's optional reason: text, not too long, no control characters.</summary>
    public static PayError? CheckReason(string? reason)
    {
        if (reason is null)
        {
            return null;
        }

        return reason.Length > SessionLimits.MaxReasonLength
            ? PayError.Validation("reason", $"reason must be at most {SessionLimits.MaxReasonLength} characters.")
            : reason.Any(char.IsControl) ? PayError.Validation("reason", "reason must not contain control characters.") : null;
    }

    /// <summary>None of the merchant's accepted assets has a price in <paramref name="currency"/>.</summary>
    public static PayError Unpriceable(string currency) => new(PayErrorKind.Invalid, ErrorCodes.UnsupportedCurrency,
        $"None of the merchant's accepted assets can be priced in {currency}: configure a rate or pass fxRate with the API key. " +
        "Only tokens of networks with an RPC URL (installation settings) are offered.");

    private static void CheckText(string? value, string field, Action<string, string> add)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > SessionLimits.MaxTextLength)
        {
            add(field, $"{field} must be at most {SessionLimits.MaxTextLength} characters.");
        }
        else if (value.Any(char.IsControl))
        {
            add(field, $"{field} must not contain control characters.");
        }
    }
}
