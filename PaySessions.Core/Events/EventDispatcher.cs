using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PaySessions.Core.Notifications;
using PaySessions.Core.Persistence;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Events;

/// <summary>
/// The one place events leave the model. On every save it takes the events the tracked aggregates recorded,
/// appends them to the event log in the same transaction as the change, and publishes them in process only
/// once that transaction has committed: a subscriber never hears of a change that was rolled back. The webhook
/// outbox rows for those events are queued in the same save.
/// </summary>
public sealed class EventDispatcher(SessionNotifier notifier, WebhookOutbox outbox, LiveFeed feed, WebhookSignal webhookSignal) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    /// <summary>Publishes what a committed explicit transaction saved.</summary>
    internal void Committed(DbContext? context)
    {
        if (context is PayDbContext db)
        {
            Publish(db.TakeCommitted());
        }
    }

    private void Publish(CommittedChanges committed)
    {
        notifier.Publish(committed.Events);
        feed.Publish(committed.Messages);
        if (committed.Queued)
        {
            webhookSignal.Wake();
        }
    }

    private void Collect(DbContext? context)
    {
        if (context is not PayDbContext db)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            db.TakeCommitted(); // left over from a transaction that never committed
        }

        var tracked = db.ChangeTracker.Entries<Aggregate>().Select(entry => entry.Entity).ToList();
        var recorded = tracked
            .SelectMany(aggregate => aggregate.PendingEvents())
            .OrderBy(e => e.Sequence)
            .ToList();
        if (recorded.Count == 0)
        {
            return;
        }

        if (db.Actor is { } actor)
        {
            recorded = recorded.Select(e => e.Actor is null ? e with { Actor = actor } : e).ToList();
        }

        var rows = recorded.Select(EventRecord.From).ToList();
        db.Events.AddRange(rows);
        var messages = outbox.Queue(db, recorded, tracked, out var queued);
        db.Outgoing = new OutgoingChanges(recorded, rows, messages, queued);
    }

    private void Saved(DbContext? context)
    {
        if (context is not PayDbContext db || db.Outgoing is not { } outgoing)
        {
            return;
        }

        db.Outgoing = null;
        foreach (var entry in db.ChangeTracker.Entries<Aggregate>())
        {
            entry.Entity.ClearEvents();
        }

        db.HoldUntilCommit(outgoing);
        if (db.Database.CurrentTransaction is null)
        {
            Publish(db.TakeCommitted());
        }
    }

    /// <summary>Nothing was saved: the log and outbox rows go, and the aggregates keep their events for a retry.</summary>
    private static void Failed(DbContext? context)
    {
        if (context is not PayDbContext db || db.Outgoing is not { } outgoing)
        {
            return;
        }

        db.Outgoing = null;
        foreach (var row in outgoing.Rows)
        {
            db.Entry(row).State = EntityState.Detached;
        }

        foreach (var delivery in db.ChangeTracker.Entries<WebhookDelivery>().Where(e => e.State == EntityState.Added).ToList())
        {
            delivery.State = EntityState.Detached;
        }
    }
}

/// <summary>Completes <see cref="EventDispatcher"/> for explicit transactions: publish on commit, forget on rollback.</summary>
public sealed class EventCommitInterceptor(EventDispatcher dispatcher) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => dispatcher.Committed(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        dispatcher.Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => (eventData.Context as PayDbContext)?.TakeCommitted();

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as PayDbContext)?.TakeCommitted();
        return Task.CompletedTask;
    }
}

/// <summary>What one save is committing: the events, their log rows, the messages for live listeners, and whether deliveries were queued.</summary>
internal sealed record OutgoingChanges(List<DomainEvent> Events, List<EventRecord> Rows, IReadOnlyList<OutboundMessage> Messages, bool Queued);

/// <summary>What waits for the commit of an explicit transaction, possibly over several saves.</summary>
internal sealed record CommittedChanges(IReadOnlyList<DomainEvent> Events, IReadOnlyList<OutboundMessage> Messages, bool Queued)
{
    public static readonly CommittedChanges None = new([], [], false);

    public CommittedChanges With(OutgoingChanges outgoing) =>
        Events.Count == 0 && Messages.Count == 0 && !Queued
            ? new(outgoing.Events, outgoing.Messages, outgoing.Queued)
            : new([.. Events, .. outgoing.Events], [.. Messages, .. outgoing.Messages], Queued || outgoing.Queued);
}
