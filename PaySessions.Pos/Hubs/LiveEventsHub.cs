using Microsoft.AspNetCore.SignalR;

namespace PaySessions.Pos.Hubs;

/// <summary>
/// <c>/hubs/events</c>: connecting subscribes to what the credential covers (one session, or the whole store) and
/// nothing else; the hub has no methods to call. Messages arrive as the client method <c>event</c> from
/// <see cref="LiveBroadcaster"/>.
/// </summary>
public sealed class LiveEventsHub(LiveConnections connections) : Hub
{
    public const string Path = "/hubs/events";

    /// <summary>The client method every message is sent as, with the webhook payload as its one argument.</summary>
    public const string EventMethod = "event";

    public override async Task OnConnectedAsync()
    {
        // The endpoint requires the live hub's scheme, so a connection without a grant does not get here.
        var grant = LiveGrant.From(Context.User) ?? throw new HubException("No live subscription on this connection.");
        await Groups.AddToGroupAsync(Context.ConnectionId, grant.Group, Context.ConnectionAborted);
        await connections.OpenedAsync(Context, grant);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Closed(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
