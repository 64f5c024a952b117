using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Core.Persistence;

namespace PaySessions.Pos.Hosting;

/// <summary>The running local chain, for /dev/chain and the demo wallet.</summary>
public sealed record DevChainInfo(AnvilProcess Anvil, DevChainKit Kit, Network Network);

/// <summary>
/// In Development the app brings its own chain: anvil posing as one configured network, our demo tokens at
/// that network's token addresses, and a funded demo customer. The network's RPC URLs are replaced by the
/// local node's, so nothing reaches a real network.
/// </summary>
public static partial class DevChainHosting
{
    public static WebApplicationBuilder AddDevChain(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("DevChain").Get<DevChainOptions>() ?? new DevChainOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        var network = NetworkCatalog.FromConfiguration(builder.Configuration).FindNetwork(options.Network)
            ?? throw new InvalidOperationException($"DevChain:Network '{options.Network}' is not configured under Networks.");
        var kit = DevChainKit.Locate(options.Directory);
        var statePath = options.StatePath.Length > 0 ? options.StatePath
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(builder.Configuration.GetSection("Storage").Get<StorageOptions>()?.DatabasePath ?? new StorageOptions().DatabasePath))!, "devchain-state.json");
        var anvil = AnvilProcess.StartAsync(kit.AnvilPath, network.ChainId, options.BlockTime > 0 ? options.BlockTime : null, statePath).GetAwaiter().GetResult();

        var overrides = new Dictionary<string, string?>
        {
            [$"Networks:{network.Name}:RpcUrls:0"] = anvil.RpcUrl,
            [$"Networks:{network.Name}:WebSocketUrl"] = anvil.WebSocketUrl,
        };
        for (var i = 1; i < 16; i++)
        {
            overrides[$"Networks:{network.Name}:RpcUrls:{i}"] = ""; // blank out any real endpoints configured
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddSingleton(new DevChainInfo(anvil, kit, network));
        builder.Services.AddSingleton<DemoWallet>();
        builder.Services.AddHostedService<DevChainLifetime>();
        return builder;
    }

    /// <summary>Seeds the tokens when the app starts and stops anvil (by its PID) when the app stops.</summary>
    private sealed partial class DevChainLifetime(
        DevChainInfo chain, RpcClients rpcClients, NetworkCatalog catalog, DatabaseReady ready, ILogger<DevChainLifetime> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            // The tokens are seeded at the network's addresses as its saved settings leave them.
            if (!await ready.WhenPreparedAsync(cancellationToken))
            {
                return;
            }

            var rpc = rpcClients.For(chain.Network.Name)!;
            await DevChainSeeder.SeedAsync(rpc, chain.Kit.TokenRuntimeCode, catalog.AssetsOn(chain.Network.Name), cancellationToken);
            if (chain.Anvil.StateNotice is { } notice)
            {
                LogStateSetAside(logger, notice);
            }

            LogReady(logger, chain.Network.Name, chain.Network.ChainId, chain.Anvil.RpcUrl, DemoCustomer.Address);
        }

        public async Task StopAsync(CancellationToken cancellationToken) => await chain.Anvil.DisposeAsync();

        [LoggerMessage(Level = LogLevel.Warning, Message = "Dev chain posing as {Network} (chain {ChainId}) at {RpcUrl}; demo customer {Customer} is funded. GET /dev/chain for details.")]
        private static partial void LogReady(ILogger logger, string network, long chainId, string rpcUrl, string customer);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Notice}")]
        private static partial void LogStateSetAside(ILogger logger, string notice);
    }
}
