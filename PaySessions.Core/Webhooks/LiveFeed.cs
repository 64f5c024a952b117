using System.Collections.Concurrent;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// Committed messages for live listeners (the public hub). Listeners say which stores and sessions they watch,
/// so a save nobody watches composes nothing for them.
/// </summary>
public sealed class LiveFeed
{
    private readonly ConcurrentDictionary<Guid, int> _watched = new();
    private readonly ConcurrentDictionary<Guid, Action<IReadOnlyList<OutboundMessage>>> _listeners = new();

    /// <summary>Marks a store or a session as watched until the result is disposed.</summary>
    public IDisposable Watch(Guid storeOrSessionId)
    {
        _watched.AddOrUpdate(storeOrSessionId, 1, (_, count) => count + 1);
        return new Unwatch(() =>
        {
            while (_watched.TryGetValue(storeOrSessionId, out var count))
            {
                if (count <= 1 ? _watched.TryRemove(new KeyValuePair<Guid, int>(storeOrSessionId, count)) : _watched.TryUpdate(storeOrSessionId, count - 1, count))
                {
                    return;
                }
            }
        });
    }

    public bool IsWatched(Guid? merchantId, Guid? sessionId) =>
        !_watched.IsEmpty && ((merchantId is { } m && _watched.ContainsKey(m)) || (sessionId is { } s && _watched.ContainsKey(s)));

    public IDisposable Subscribe(Action<IReadOnlyList<OutboundMessage>> listener)
    {
        var id = Guid.NewGuid();
        _listeners[id] = listener;
        return new Unwatch(() => _listeners.TryRemove(id, out _));
    }

    internal void Publish(IReadOnlyList<OutboundMessage> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        foreach (var listener in _listeners.Values)
        {
            listener(messages);
        }
    }

    private sealed class Unwatch(Action action) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                action();
            }
        }
    }
}
