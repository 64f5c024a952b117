using PaySessions.Core.Events;
using PaySessions.Core.Notifications;

namespace PaySessions.Core.Tests.Support;

/// <summary>Every event the in-process notifier publishes while it lives, as a live listener would hear them.</summary>
public sealed class HeardEvents : IDisposable
{
    private readonly List<DomainEvent> _heard = [];
    private readonly IDisposable _subscription;

    public HeardEvents(SessionNotifier notifier) =>
        _subscription = notifier.SubscribeAll(e =>
        {
            lock (_heard)
            {
                _heard.Add(e);
            }

            return Task.CompletedTask;
        });

    /// <summary>What was heard so far, in the order it was published.</summary>
    public IReadOnlyList<DomainEvent> All
    {
        get
        {
            lock (_heard)
            {
                return [.. _heard];
            }
        }
    }

    public void Dispose() => _subscription.Dispose();
}
