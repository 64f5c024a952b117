namespace PaySessions.Core.Chain;

/// <summary>
/// What the installation owner saved for one network, laid over its configuration. Null parts keep what
/// configuration says; endpoints (RPC URLs and WebSocket URL) are replaced together, since they name one provider.
/// </summary>
public sealed record NetworkOverride(string Network, NetworkEndpoints? Endpoints, int? Confirmations)
{
    public Network ApplyTo(Network configured) => configured with
    {
        RpcUrls = Endpoints?.RpcUrls ?? configured.RpcUrls,
        WebSocketUrl = Endpoints is { } endpoints ? endpoints.WebSocketUrl : configured.WebSocketUrl,
        Confirmations = Confirmations ?? configured.Confirmations,
    };
}

/// <summary>The nodes a network is read from: RPC URLs tried in order, and an optional WebSocket URL for new heads.</summary>
public sealed record NetworkEndpoints(IReadOnlyList<string> RpcUrls, string? WebSocketUrl);
