using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaySessions.Core.Chain.Rpc;

/// <summary>
/// One JSON-RPC client per network that has RPC URLs, sharing a pooled HttpClient. When the installation settings
/// change a network's URLs, its cached client is dropped and the next caller gets one for the new URLs.
/// </summary>
public sealed class RpcClients(NetworkCatalog catalog, IHttpClientFactory httpFactory, IOptions<ChainOptions> options, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, CachedClient> _clients = new();

    public EthRpc? For(string network)
    {
        if (catalog.FindNetwork(network) is not { Offered: true } found)
        {
            _clients.TryRemove(network.ToLowerInvariant(), out _);
            return null;
        }

        if (_clients.TryGetValue(found.Name, out var cached) && cached.Urls.SequenceEqual(found.RpcUrls, StringComparer.Ordinal))
        {
            return cached.Rpc;
        }

        // Two callers racing here may each build one; the last stored wins and both work.
        var created = new CachedClient(found.RpcUrls, new EthRpc(new JsonRpcClient(
            found.Name,
            found.RpcUrls.Select(u => new Uri(u)).ToList(),
            httpFactory.CreateClient("rpc"),
            options.Value,
            loggers.CreateLogger<JsonRpcClient>())));
        _clients[found.Name] = created;
        return created.Rpc;
    }

    private sealed record CachedClient(IReadOnlyList<string> Urls, EthRpc Rpc);
}
