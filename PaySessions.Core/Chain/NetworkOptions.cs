using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

namespace PaySessions.Core.Chain;

/// <summary>The <c>Networks</c> section of appsettings.json, keyed by the network's lowercase name.</summary>
public sealed class NetworkOptions
{
    public long ChainId { get; set; }

    public string DisplayName { get; set; } = "";

    public List<string> RpcUrls { get; set; } = [];

    /// <summary>Optional ws:// or wss:// URL: new heads arrive by eth_subscribe instead of polling.</summary>
    public string? WebSocketUrl { get; set; }

    public int Confirmations { get; set; } = 1;

    /// <summary>The network's block explorer, e.g. https://polygonscan.com: transaction hashes in the back office and receipts link to {Explorer}/tx/{hash}.</summary>
    public string? Explorer { get; set; }

    public Dictionary<string, AssetOptions> Assets { get; set; } = [];
}

public sealed class AssetOptions
{
    public string Contract { get; set; } = "";

    public int Decimals { get; set; } = 6;

    /// <summary>The fiat currency the token is pegged to (USD for USDC/USDT, EUR for EURC).</summary>
    public string Peg { get; set; } = "USD";
}

/// <summary>The whole <c>Networks</c> section, bound only so that it is checked at start (the catalog reads configuration itself).</summary>
public sealed class NetworksOptions : Dictionary<string, NetworkOptions>;

public sealed class NetworksOptionsValidator : IValidateOptions<NetworksOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworksOptions options)
    {
        var checks = new SettingChecks("Networks");
        foreach (var (network, settings) in options)
        {
            checks.That(settings.ChainId > 0, $"{network}:ChainId", "must be a positive chain id", settings.ChainId)
                .Between($"{network}:Confirmations", settings.Confirmations, 1, 1000);
            for (var i = 0; i < settings.RpcUrls.Count; i++)
            {
                var url = settings.RpcUrls[i];
                checks.That(string.IsNullOrWhiteSpace(url) || IsUrl(url, "http", "https"), $"{network}:RpcUrls:{i}", "must be an http(s) URL", url);
            }

            checks.That(string.IsNullOrWhiteSpace(settings.Explorer) || IsUrl(settings.Explorer, "http", "https"), $"{network}:Explorer", "must be an http(s) URL", settings.Explorer);
            checks.That(string.IsNullOrWhiteSpace(settings.WebSocketUrl) || IsUrl(settings.WebSocketUrl, "ws", "wss"), $"{network}:WebSocketUrl", "must be a ws(s) URL", settings.WebSocketUrl);
            foreach (var (symbol, asset) in settings.Assets)
            {
                checks.That(EvmAddress.TryParse(asset.Contract, out _), $"{network}:Assets:{symbol}:Contract", "must be a 0x address of 20 bytes", asset.Contract)
                    .Between($"{network}:Assets:{symbol}:Decimals", asset.Decimals, 0, 36)
                    .That(asset.Peg is { Length: 3 } peg && peg.All(char.IsAsciiLetter), $"{network}:Assets:{symbol}:Peg", "must be a currency code such as USD", asset.Peg);
            }
        }

        return checks.Result();
    }

    private static bool IsUrl(string text, params string[] schemes) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme);
}
