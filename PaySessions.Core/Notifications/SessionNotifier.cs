using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Events;

namespace PaySessions.Core.Notifications;

/// <summary>
/// In-process fan-out of committed domain events to whoever watches: Blazor circuits (by session, voucher or
/// context id), and whole-store listeners. Only the event dispatcher publishes. Handlers run outside the
/// publisher's call path, so a slow screen never slows a payment down.
/// </summary>
public sealed partial class SessionNotifier(ILogger<SessionNotifier> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Dictionary<Guid, Func<DomainEvent, Task>>> _byTopic = [];
    private readonly ConcurrentDictionary<Guid, Func<DomainEvent, Task>> _all = new();

    /// <summary>Hears every event about <paramref name="topic"/>: a session, payment, voucher or payer context id.</summary>
    public IDisposable Subscribe(Guid topic, Func<DomainEvent, Task> handler)
    {
        var id = Guid.NewGuid();
        lock (_gate)
        {
            if (!_byTopic.TryGetValue(topic, out var handlers))
            {
                _byTopic[topic] = handlers = [];
            }

            handlers[id] = handler;
        }

        return new Subscription(() =>
        {
            lock (_gate)
            {
                if (_byTopic.TryGetValue(topic, out var handlers) && handlers.Remove(id) && handlers.Count == 0)
                {
                    _byTopic.Remove(topic);
                }
            }
        });
    }

    /// <summary>Hears every event (webhook outbox, hub, benchmarks).</summary>
    public IDisposable SubscribeAll(Func<DomainEvent, Task> handler)
    {
        var id = Guid.NewGuid();
        _all[id] = handler;
        return new Subscription(() => _all.TryRemove(id, out _));
    }

    /// <summary>Called by <see cref="EventDispatcher"/> once the events are committed; each handler gets them in order.</summary>
    internal void Publish(IReadOnlyList<DomainEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var targets = new Dictionary<Func<DomainEvent, Task>, List<DomainEvent>>();
        foreach (var domainEvent in events)
        {
            foreach (var handler in HandlersFor(domainEvent))
            {
                if (!targets.TryGetValue(handler, out var list))
                {
                    targets[handler] = list = [];
                }

                list.Add(domainEvent);
            }
        }

        foreach (var (handler, list) in targets)
        {
            _ = DeliverAsync(handler, list);
        }
    }

    private List<Func<DomainEvent, Task>> HandlersFor(DomainEvent domainEvent)
    {
        var handlers = new List<Func<DomainEvent, Task>>(_all.Values);
        lock (_gate)
        {
            foreach (var topic in domainEvent.Topics.Distinct())
            {
                if (_byTopic.TryGetValue(topic, out var byTopic))
                {
                    handlers.AddRange(byTopic.Values.Where(h => !handlers.Contains(h)));
                }
            }
        }

        return handlers;
    }

    private async Task DeliverAsync(Func<DomainEvent, Task> handler, List<DomainEvent> events)
    {
        await Task.Yield();
        foreach (var domainEvent in events)
        {
            try
            {
                await handler(domainEvent);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(logger, ex, domainEvent.Type, domainEvent.SessionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to handle {Type} of session {SessionId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string type, Guid? sessionId);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
