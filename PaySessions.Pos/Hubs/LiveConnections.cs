using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using PaySessions.Core.Merchants;
using PaySessions.Core.Webhooks;

namespace PaySessions.Pos.Hubs;

/// <summary>
/// The open connections of the live hub: each one keeps its store or session watched (<see cref="LiveFeed.Watch"/>) while
/// it lives, and is closed the moment the key behind it is revoked.
/// </summary>
public sealed partial class LiveConnections : IDisposable
{
    private readonly ConcurrentDictionary<string, Open> _open = new();
    private readonly LiveFeed _feed;
    private readonly AuthenticateApiKey _keys;
    private readonly ILogger<LiveConnections> _logger;
    private readonly IDisposable _revocations;

    public LiveConnections(LiveFeed feed, ApiKeyRevocations revocations, AuthenticateApiKey keys, ILogger<LiveConnections> logger)
    {
        _feed = feed;
        _keys = keys;
        _logger = logger;
        _revocations = revocations.Subscribe(OnRevoked);
    }

    /// <summary>How many connections are open and listening to a store's events or one of its sessions'.</summary>
    public int ListeningFor(Guid merchantId) => _open.Values.Count(open => open.Grant.MerchantId == merchantId);

    public async Task OpenedAsync(HubCallerContext connection, LiveGrant grant)
    {
        _open[connection.ConnectionId] = new Open(connection, grant, _feed.Watch(grant.Watched));
        try
        {
            // The key was checked when the request came in; a revocation committed since then fired before this
            // connection was listed here, so ask once more now that a later one will find it.
            if (!await _keys.IsActiveAsync(grant.KeyId, connection.ConnectionAborted))
            {
                Close(connection.ConnectionId, grant);
            }
        }
        catch
        {
            // The hub does not call OnDisconnectedAsync when OnConnectedAsync fails.
            Closed(connection.ConnectionId);
            throw;
        }
    }

    public void Closed(string connectionId)
    {
        if (_open.TryRemove(connectionId, out var open))
        {
            open.Watch.Dispose();
        }
    }

    public void Dispose() => _revocations.Dispose();

    // Runs inside the revocation's write: Abort only schedules the close.
    private void OnRevoked(Guid keyId)
    {
        foreach (var (id, open) in _open)
        {
            if (open.Grant.KeyId == keyId)
            {
                Close(id, open.Grant);
            }
        }
    }

    private void Close(string connectionId, LiveGrant grant)
    {
        if (_open.TryGetValue(connectionId, out var open))
        {
            LogClosedForRevokedKey(_logger, connectionId, grant.KeyId, grant.Scope);
            open.Connection.Abort();
        }
    }

    private sealed record Open(HubCallerContext Connection, LiveGrant Grant, IDisposable Watch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live connection {ConnectionId} ({Scope}) closed: API key {KeyId} was revoked")]
    private static partial void LogClosedForRevokedKey(ILogger logger, string connectionId, Guid keyId, LiveScope scope);
}
