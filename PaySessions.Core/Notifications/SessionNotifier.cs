using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Payments;

namespace PaySessions.Core.Notifications;

/// <summary>Something about a session changed; subscribers re-read what they show.</summary>
public sealed record SessionChanged(Guid SessionId, Guid MerchantId, PaymentStatus Status, Guid? TransactionId, SessionChange Change);

public enum SessionChange
{
    Created,
    TransactionPicked,
    PaymentProgress,
    Settled,
    Expired,
    Canceled,
    VoucherChanged,
}

/// <summary>
/// In-process fan-out of session changes to whoever watches: Blazor circuits, the hub, webhooks.
/// Handlers run outside the publisher's call path so a slow screen never slows a payment down.
/// </summary>
public sealed partial class SessionNotifier(ILogger<SessionNotifier> logger)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<SessionChanged, Task>>> _bySession = new();
    private readonly ConcurrentDictionary<Guid, Func<SessionChanged, Task>> _all = new();

    public IDisposable Subscribe(Guid sessionId, Func<SessionChanged, Task> handler)
    {
        var id = Guid.NewGuid();
        var handlers = _bySession.GetOrAdd(sessionId, _ => new());
        handlers[id] = handler;
        return new Subscription(() =>
        {
            handlers.TryRemove(id, out _);
            if (handlers.IsEmpty)
            {
                _bySession.TryRemove(new KeyValuePair<Guid, ConcurrentDictionary<Guid, Func<SessionChanged, Task>>>(sessionId, handlers));
            }
        });
    }

    public IDisposable SubscribeAll(Func<SessionChanged, Task> handler)
    {
        var id = Guid.NewGuid();
        _all[id] = handler;
        return new Subscription(() => _all.TryRemove(id, out _));
    }

    public void Publish(SessionChanged change)
    {
        var targets = new List<Func<SessionChanged, Task>>(_all.Values);
        if (_bySession.TryGetValue(change.SessionId, out var handlers))
        {
            targets.AddRange(handlers.Values);
        }

        foreach (var handler in targets)
        {
            _ = Deliver(handler, change);
        }
    }

    private async Task Deliver(Func<SessionChanged, Task> handler, SessionChanged change)
    {
        try
        {
            await Task.Yield();
            await handler(change);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, change.SessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to handle a change of session {SessionId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid sessionId);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
