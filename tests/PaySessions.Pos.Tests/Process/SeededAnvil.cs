using Microsoft.Extensions.Logging.Abstractions;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Process;

/// <summary>An anvil node of its own (chain id 137) with our USDC deployed and the demo customer funded, for tests that run the app as a process.</summary>
public sealed class SeededAnvil : IAsyncDisposable
{
    private SeededAnvil(AnvilProcess anvil, EthRpc rpc) => (Anvil, Rpc) = (anvil, rpc);

    public AnvilProcess Anvil { get; }

    public EthRpc Rpc { get; }

    public string RpcUrl => Anvil.RpcUrl;

    public static async Task<SeededAnvil> StartAsync()
    {
        var kit = DevChainKit.Locate();
        var anvil = await AnvilProcess.StartAsync(kit.AnvilPath, 137);
        var rpc = new EthRpc(new JsonRpcClient("polygon", [new Uri(anvil.RpcUrl)], new HttpClient(), new ChainOptions(), NullLogger.Instance));
        var catalog = new NetworkCatalog(new Dictionary<string, NetworkOptions>
        {
            ["polygon"] = new() { ChainId = 137, Assets = { ["USDC"] = new AssetOptions { Contract = TestNetworks.Usdc, Decimals = 6, Peg = "USD" } } },
        });
        await DevChainSeeder.SeedAsync(rpc, kit.TokenRuntimeCode, catalog.Assets, CancellationToken.None);
        return new SeededAnvil(anvil, rpc);
    }

    public ValueTask DisposeAsync() => Anvil.DisposeAsync();
}
