using System.Collections.Concurrent;

namespace PaySessions.Core.Merchants;

/// <summary>Tells long-lived connections opened with a key (the live hub) that the key was just revoked, so they close at once.</summary>
public sealed class ApiKeyRevocations
{
    private readonly ConcurrentDictionary<Guid, Action<Guid>> _listeners = new();

    public IDisposable Subscribe(Action<Guid> onRevoked)
    {
        var id = Guid.NewGuid();
        _listeners[id] = onRevoked;
        return new Unsubscribe(() => _listeners.TryRemove(id, out _));
    }

    internal void Revoked(Guid keyId)
    {
        foreach (var listener in _listeners.Values)
        {
            listener(keyId);
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
