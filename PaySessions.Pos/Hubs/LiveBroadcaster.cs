using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using PaySessions.Core.Webhooks;

namespace PaySessions.Pos.Hubs;

/// <summary>
/// Sends each committed message to the live hub's groups of its store and its session, in the order they were committed.
/// <see cref="LiveFeed"/> publishes right after a database commit, on the thread that saved: this only queues there and
/// sends from its own loop, so a slow connection never holds up a sale.
/// </summary>
public sealed partial class LiveBroadcaster(LiveFeed feed, IHubContext<LiveEventsHub> hub, ILogger<LiveBroadcaster> logger) : BackgroundService
{
    /// <summary>A connection that cannot take a message in this long is left behind for that message, not waited for.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<OutboundMessage> _queue = Channel.CreateUnbounded<OutboundMessage>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribed before the first await: the host has not started taking requests yet, so nothing is missed.
        using var subscription = feed.Subscribe(Enqueue);
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: open connections close with the app.
        }
    }

    private void Enqueue(IReadOnlyList<OutboundMessage> messages)
    {
        foreach (var message in messages)
        {
            _queue.Writer.TryWrite(message); // unbounded: always accepted
        }
    }

    private async Task SendAsync(OutboundMessage message, CancellationToken stoppingToken)
    {
        // The payload goes as a JSON object, not a string. A standalone element: SignalR may serialize it after this returns.
        var payload = JsonSerializer.Deserialize<JsonElement>(message.Body);
        IReadOnlyList<string> groups = message.SessionId is { } sessionId
            ? [LiveGrant.StoreGroup(message.MerchantId), LiveGrant.SessionGroup(sessionId)]
            : [LiveGrant.StoreGroup(message.MerchantId)];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await hub.Clients.Groups(groups).SendAsync(LiveEventsHub.EventMethod, payload, timeout.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogNotSent(logger, message.Type, message.MessageId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live message {Type} {MessageId} did not reach every connection")]
    private static partial void LogNotSent(ILogger logger, string type, Guid messageId, Exception exception);
}
