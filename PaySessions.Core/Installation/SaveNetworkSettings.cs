using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Installation;

/// <summary>What the installation owner submits for one network. <c>RpcUrls</c> holds one URL per line.</summary>
public sealed record NetworkSettingsRequest(string Network, string? RpcUrls, string? WebSocketUrl, int? Confirmations);

/// <summary>
/// Saves a network's RPC URLs, WebSocket URL and confirmation depth over what appsettings.json says, and puts them in
/// effect at once (the monitor starts, restarts or stops watching the network; quotes follow). Every URL is tested
/// first; a single refusal saves nothing.
/// </summary>
public sealed class SaveNetworkSettings(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, NetworkCatalog catalog, RpcProbe probe, DevChainNetwork devChain, TimeProvider time)
{
    public async Task<Result<Network>> ExecuteAsync(NetworkSettingsRequest request, CancellationToken cancellationToken = default)
    {
        if (catalog.FindNetwork(request.Network) is not { } network)
        {
            return PayError.NotFound("Network");
        }

        var rpcUrls = NetworkSettingRules.Lines(request.RpcUrls);
        var webSocketUrl = string.IsNullOrWhiteSpace(request.WebSocketUrl) ? null : request.WebSocketUrl.Trim();
        var errors = NetworkSettingRules.Check(rpcUrls, webSocketUrl, request.Confirmations);
        var fromDevChain = devChain.Owns(network.Name);
        if (fromDevChain && !NetworkCatalog.SameEndpoints(network, network with { RpcUrls = rpcUrls, WebSocketUrl = webSocketUrl }))
        {
            errors["rpcUrls"] = [$"While the development chain runs, {network.DisplayName} is read from it; only its confirmation depth can change here."];
        }

        if (errors.Count > 0)
        {
            return PayError.Validation(errors);
        }

        if (!fromDevChain && await TestAllAsync(network, rpcUrls, webSocketUrl, cancellationToken) is { } refused)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var row = await db.NetworkSettings.FirstOrDefaultAsync(s => s.Network == network.Name, cancellationToken);
            if (row is null)
            {
                row = new NetworkSetting { Network = network.Name };
                db.NetworkSettings.Add(row);
            }

            if (!fromDevChain)
            {
                row.RpcUrls = string.Join('\n', rpcUrls);
                row.WebSocketUrl = webSocketUrl;
            }

            row.Confirmations = request.Confirmations;
            row.UpdatedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }

        return catalog.Apply(ToOverride(network.Name, rpcUrls, webSocketUrl, request.Confirmations, fromDevChain))!;
    }

    /// <summary>The override a saved row stands for; the development chain's network keeps its local endpoints.</summary>
    public static NetworkOverride ToOverride(string network, IReadOnlyList<string> rpcUrls, string? webSocketUrl, int? confirmations, bool fromDevChain) =>
        new(network, fromDevChain ? null : new NetworkEndpoints(rpcUrls, webSocketUrl), confirmations);

    /// <summary>Every URL asked at once; null when all of them serve this network's chain.</summary>
    private async Task<PayError?> TestAllAsync(Network network, IReadOnlyList<string> rpcUrls, string? webSocketUrl, CancellationToken cancellationToken)
    {
        var urls = rpcUrls.Select(u => (Field: "rpcUrls", Url: u)).ToList();
        if (webSocketUrl is not null)
        {
            urls.Add(("webSocketUrl", webSocketUrl));
        }

        var answers = await Task.WhenAll(urls.Select(async u => (u.Field, u.Url, Answer: await probe.TestAsync(network, u.Url, cancellationToken))));
        var refusals = answers.Where(a => !a.Answer.Ok).ToList();
        if (refusals.Count == 0)
        {
            return null;
        }

        var fields = refusals.GroupBy(r => r.Field).ToDictionary(g => g.Key, g => g.Select(r => $"{r.Url}: {r.Answer.Error!.Message}").ToArray());
        var first = refusals[0].Answer.Error!;
        return new PayError(first.Kind, first.Code, $"Nothing was saved. {refusals[0].Url}: {first.Message}", fields);
    }
}
