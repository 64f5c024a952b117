using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaySessions.Core.Chain.Rpc;

/// <summary>One JSON-RPC client per configured network, sharing a pooled HttpClient.</summary>
public sealed class RpcClients(NetworkCatalog catalog, IHttpClientFactory httpFactory, IOptions<ChainOptions> options, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, EthRpc> _clients = new();

    public EthRpc? For(string network) =>
        catalog.FindNetwork(network) is { RpcUrls.Count: > 0 } found
            ? _clients.GetOrAdd(found.Name, _ => new EthRpc(new JsonRpcClient(
                found.Name,
                found.RpcUrls.Select(u => new Uri(u)).ToList(),
                httpFactory.CreateClient("rpc"),
                options.Value,
                loggers.CreateLogger<JsonRpcClient>())))
            : null;
}

/// <summary>The latest head each network's monitor has seen, for screens and claims that need a confirmation count.</summary>
public sealed class ChainHeads
{
    private readonly ConcurrentDictionary<string, BlockHeader> _heads = new();

    public void Set(string network, BlockHeader head) => _heads[network] = head;

    public BlockHeader? Get(string network) => _heads.TryGetValue(network, out var head) ? head : null;
}
