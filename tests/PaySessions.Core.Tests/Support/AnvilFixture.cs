using System.Numerics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Support;

/// <summary>A real anvil node posing as polygon (chain 137) with our demo tokens at the configured addresses. One per test class.</summary>
public sealed class AnvilFixture : IAsyncLifetime
{
    public AnvilProcess Anvil { get; private set; } = null!;

    public EthRpc Rpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var kit = DevChainKit.Locate();
        Anvil = await AnvilProcess.StartAsync(kit.AnvilPath, 137);
        Rpc = Connect(Anvil.RpcUrl);
        var catalog = new NetworkCatalog(new ConfigurationBuilder()
            .AddInMemoryCollection(TestNetworks.Settings).Build().GetSection("Networks").Get<Dictionary<string, NetworkOptions>>()!);
        await DevChainSeeder.SeedAsync(Rpc, kit.TokenRuntimeCode, catalog.Assets, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Anvil.DisposeAsync();

    public static EthRpc Connect(string url) =>
        new(new JsonRpcClient("polygon", [new Uri(url)], new HttpClient(), new ChainOptions { MaxRounds = 1 }, NullLogger.Instance));

    /// <summary>The demo customer pays: an ERC-20 transfer, mined at once.</summary>
    public Task<Receipt> PayAsync(string token, string to, BigInteger baseUnits) =>
        DevChainSeeder.TransferAsync(Rpc, DemoCustomer.Address, token, to, baseUnits, CancellationToken.None);

    public Task MineAsync(int blocks) => Rpc.Client.CallAsync("anvil_mine", [Hex.FromLong(blocks)], CancellationToken.None);

    public Task ReorgAsync(int depth) => Rpc.Client.CallAsync("anvil_reorg", [depth, Array.Empty<object>()], CancellationToken.None);

    public Task SetNextBlockTimeAsync(DateTime utc) =>
        Rpc.Client.CallAsync("evm_setNextBlockTimestamp", [new DateTimeOffset(utc).ToUnixTimeSeconds()], CancellationToken.None);
}
