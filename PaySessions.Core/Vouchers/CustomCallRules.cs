using System.Globalization;
using System.Numerics;
using System.Text.Json;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// Checks a CUSTOM redeem: 1–3 EVM networks this installation watches (chain ids as strings, matching ours), exactly one
/// <c>send_transaction</c> payment from the <c>{payer}</c> placeholder to a contract with a value in wei and hex calldata,
/// and at most 5 <c>extras</c> (kept as sent). Says precisely which field is wrong.
/// </summary>
public static class CustomCallRules
{
    public const string PayerPlaceholder = "{payer}";
    public const int MaxNetworks = 3;
    public const int MaxExtras = 5;
    public const int MaxDataLength = 8 * 1024;

    public static Result<CustomCall> Check(RedeemRequest request, NetworkCatalog catalog)
    {
        var errors = new Dictionary<string, string[]>();
        var networks = new List<CallNetwork>();
        if (request.Networks is not { Count: >= 1 and <= MaxNetworks })
        {
            errors["networks"] = [$"networks is required: 1 to {MaxNetworks} entries, each {{ \"network\", \"type\": \"evm\", \"chainId\" }}."];
        }
        else
        {
            for (var i = 0; i < request.Networks.Count; i++)
            {
                if (CheckNetwork(request.Networks[i], catalog) is { } problem)
                {
                    errors[$"networks[{i}]"] = [problem];
                }
                else
                {
                    var network = catalog.FindNetwork(request.Networks[i]!.Network)!;
                    networks.Add(new CallNetwork(network.Name, network.ChainId));
                }
            }
        }

        var input = request.Payments is { Count: 1 } payments ? payments[0] : null;
        if (input is null)
        {
            errors["payments"] = ["payments is required: exactly one { \"type\": \"send_transaction\", \"input\": { \"from\": \"{payer}\", \"to\", \"value\", \"data\" } }."];
        }
        else if (input.Type != "send_transaction")
        {
            errors["payments[0].type"] = ["type must be \"send_transaction\"."];
        }

        var call = input?.Input;
        if (input is not null && call?.From != PayerPlaceholder)
        {
            errors["payments[0].input.from"] = [$"from must be the placeholder \"{PayerPlaceholder}\": the payer's wallet sends it."];
        }

        string? to = null;
        if (input is not null && !EvmAddress.TryParse(call?.To, out to))
        {
            errors["payments[0].input.to"] = ["to must be a 0x-prefixed 20-byte address."];
        }

        if (input is not null && !IsWei(call?.Value))
        {
            errors["payments[0].input.value"] = ["value must be a whole number of wei as a decimal string, \"0\" for a pure contract call."];
        }

        if (input is not null && !IsCalldata(call?.Data))
        {
            errors["payments[0].input.data"] = ["data must be the ABI-encoded calldata as 0x-prefixed hex."];
        }

        string? extras = null;
        if (request.Extras is { } sent)
        {
            if (sent.ValueKind != JsonValueKind.Array || sent.GetArrayLength() > MaxExtras)
            {
                errors["extras"] = [$"extras is an array of at most {MaxExtras} items."];
            }
            else
            {
                extras = sent.GetRawText();
            }
        }

        return errors.Count > 0
            ? PayError.Validation(errors)
            : new CustomCall(networks.Distinct().ToList(), to!, BigInteger.Parse(call!.Value!, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), call.Data!.ToLowerInvariant(), extras);
    }

    private static string? CheckNetwork(NetworkRequest? request, NetworkCatalog catalog)
    {
        if (request?.Type == "solana")
        {
            return "Only EVM networks are supported here (type \"evm\").";
        }

        if (request?.Type != "evm")
        {
            return "type must be \"evm\".";
        }

        if (catalog.FindNetwork(request.Network) is not { Offered: true } network)
        {
            return $"network must be one this installation watches: {string.Join(", ", catalog.Networks.Where(n => n.Offered).Select(n => n.Name))}.";
        }

        return request.ChainId == network.ChainId.ToString(CultureInfo.InvariantCulture)
            ? null
            : $"chainId of {network.Name} is \"{network.ChainId}\" (a string).";
    }

    private static bool IsWei(string? value) =>
        value is { Length: > 0 and <= 78 } && value.All(char.IsAsciiDigit) && BigInteger.Parse(value, CultureInfo.InvariantCulture) < BigInteger.Pow(2, 256);

    private static bool IsCalldata(string? data) =>
        data is { Length: >= 2 and <= MaxDataLength } && data.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && data.Length % 2 == 0 && data[2..].All(char.IsAsciiHexDigit);
}
