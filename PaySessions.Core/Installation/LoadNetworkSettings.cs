using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Installation;

/// <summary>At start, lays the saved network settings over appsettings.json, before the monitor and the quotes read them.</summary>
public sealed partial class LoadNetworkSettings(
    IDbContextFactory<PayDbContext> dbFactory, NetworkCatalog catalog, DevChainNetwork devChain, ILogger<LoadNetworkSettings> logger)
{
    public async Task ExecuteAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var row in await db.NetworkSettings.AsNoTracking().ToListAsync(cancellationToken))
        {
            var rpcUrls = NetworkSettingRules.Lines(row.RpcUrls);
            if (catalog.Configured(row.Network) is null)
            {
                LogIgnored(logger, row.Network, "the network is no longer configured");
            }
            else if (NetworkSettingRules.Check(rpcUrls, row.WebSocketUrl, row.Confirmations) is { Count: > 0 } errors)
            {
                LogIgnored(logger, row.Network, string.Join(" ", errors.Values.SelectMany(e => e)));
            }
            else
            {
                catalog.Apply(SaveNetworkSettings.ToOverride(row.Network, rpcUrls, row.WebSocketUrl, row.Confirmations, devChain.Owns(row.Network)));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saved settings of network {Network} are ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string network, string reason);
}
