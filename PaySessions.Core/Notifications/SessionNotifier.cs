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
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Dictionary<Guid, Func<SessionChanged, Task>>> _bySession = [];
    private readonly ConcurrentDictionary<Guid, Func<SessionChanged, Task>> _all = new();

    public IDisposable Subscribe(Guid sessionId, Func<SessionChanged, Task> handler)
    {
        var id = Guid.NewGuid();
        lock (_gate)
        {
            if (!_bySession.TryGetValue(sessionId, out var handlers))
            {
                _bySession[sessionId] = handlers = [];
            }

            handlers[id] = handler;
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (_bySession.TryGetValue(sessionId, out var handlers) && handlers.Remove(id) && handlers.Count == 0)
                {
                    _bySession.Remove(sessionId);
                }
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
        lock (_gate)
        {
            if (_bySession.TryGetValue(change.SessionId, out var handlers))
            {
                targets.AddRange(handlers.Values);
            }
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
