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

    public Dictionary<string, AssetOptions> Assets { get; set; } = [];
}

public sealed class AssetOptions
{
    public string Contract { get; set; } = "";

    public int Decimals { get; set; } = 6;

    /// <summary>The fiat currency the token is pegged to (USD for USDC/USDT, EUR for EURC).</summary>
    public string Peg { get; set; } = "USD";
}
