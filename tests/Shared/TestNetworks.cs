namespace PaySessions.Tests.Shared;

/// <summary>
/// The networks and tokens every test configures: polygon with USDC, USDT (USD) and EURC (EUR), EUR/USD at 1.25.
/// Polygon has an RPC URL so that it is offered to customers; where a test runs no chain it is a closed local port
/// (<see cref="NoChainRpcUrl"/>), and tests that watch a chain replace it with their anvil node's.
/// </summary>
public static class TestNetworks
{
    /// <summary>The discard port on this machine: nothing listens, so a call fails at once instead of reaching a real network.</summary>
    public const string NoChainRpcUrl = "http://127.0.0.1:9";

    public const string Usdc = "0x2791bca1f2de4661ed88a30c99a7a9449aa84174";
    public const string Usdt = "0xc2132d05d31c914a87c6611c10748aeb04b58e8f";
    public const string Eurc = "0x73b3db5a96a4b9d9bcfc22b8f1b3d85a5e5b5e5b";

    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Networks:polygon:ChainId"] = "137",
        ["Networks:polygon:DisplayName"] = "Polygon",
        ["Networks:polygon:Confirmations"] = "3",
        ["Networks:polygon:RpcUrls:0"] = NoChainRpcUrl,
        ["Networks:polygon:Assets:USDC:Contract"] = Usdc,
        ["Networks:polygon:Assets:USDC:Decimals"] = "6",
        ["Networks:polygon:Assets:USDC:Peg"] = "USD",
        ["Networks:polygon:Assets:USDT:Contract"] = Usdt,
        ["Networks:polygon:Assets:USDT:Decimals"] = "6",
        ["Networks:polygon:Assets:USDT:Peg"] = "USD",
        ["Networks:polygon:Assets:EURC:Contract"] = Eurc,
        ["Networks:polygon:Assets:EURC:Decimals"] = "6",
        ["Networks:polygon:Assets:EURC:Peg"] = "EUR",
        ["Fx:Rates:EUR/USD"] = "1.25",
        ["Sessions:SweepInterval"] = "01:00:00",
    };
}
