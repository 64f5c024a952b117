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
