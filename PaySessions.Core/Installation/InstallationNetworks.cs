using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Installation;

/// <summary>One network as the installation settings show it: in effect now, its tokens, and where its settings come from.</summary>
public sealed record NetworkSettingsView(Network Network, IReadOnlyList<Asset> Assets, DateTime? SavedAt, bool FromDevChain);

/// <summary>The networks for the installation settings screen, and how the monitor is doing on each.</summary>
public sealed class InstallationNetworks(IDbContextFactory<PayDbContext> dbFactory, NetworkCatalog catalog, ChainMonitor monitor, DevChainNetwork devChain)
{
    public async Task<IReadOnlyList<NetworkSettingsView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var saved = await db.NetworkSettings.AsNoTracking().ToDictionaryAsync(s => s.Network, s => s.UpdatedAt, cancellationToken);
        return catalog.Networks
            .Select(n => new NetworkSettingsView(n, catalog.AssetsOn(n.Name).ToList(), saved.TryGetValue(n.Name, out var at) ? at : null, devChain.Owns(n.Name)))
            .ToList();
    }

    /// <summary>What a customer and the owner should know about the network right now, in one sentence.</summary>
    public string Status(string name)
    {
        if (catalog.FindNetwork(name) is not { } network || !network.Offered)
        {
            return "Not offered to customers: no RPC URL";
        }

        if (!monitor.Enabled)
        {
            return "Offered; the chain monitor is switched off (Chain:MonitorEnabled)";
        }

        return monitor.Watching(network.Name) switch
        {
            null => "Offered; starting to watch",
            { Failures: > 0 } failing => $"Watching, but the node is failing (attempt {failing.Failures}): {failing.LastError}",
            { Head: { } head } => $"Watching, head #{head}",
            _ => "Watching, waiting for the first block",
        };
    }
}
