using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PaySessions.Core.Notifications;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Events;

/// <summary>
/// The one place events leave the model. On every save it takes the events the tracked aggregates recorded,
/// appends them to the event log in the same transaction as the change, and publishes them in process only
/// once that transaction has committed: a subscriber never hears of a change that was rolled back.
/// </summary>
public sealed class EventDispatcher(SessionNotifier notifier) : SaveChangesInterceptor
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
            notifier.Publish(db.TakeCommitted());
        }
    }

    private static void Collect(DbContext? context)
    {
        if (context is not PayDbContext db)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            db.TakeCommitted(); // left over from a transaction that never committed
        }

        var recorded = db.ChangeTracker.Entries<Aggregate>()
            .SelectMany(entry => entry.Entity.PendingEvents())
            .OrderBy(e => e.Sequence)
            .ToList();
        var rows = recorded.Select(EventRecord.From).ToList();
        db.Events.AddRange(rows);
        db.Outgoing = (recorded, rows);
    }

    private void Saved(DbContext? context)
    {
        if (context is not PayDbContext db || db.Outgoing is not var (recorded, _))
        {
            return;
        }

        db.Outgoing = null;
        foreach (var entry in db.ChangeTracker.Entries<Aggregate>())
        {
            entry.Entity.ClearEvents();
        }

        db.HoldUntilCommit(recorded);
        if (db.Database.CurrentTransaction is null)
        {
            notifier.Publish(db.TakeCommitted());
        }
    }

    /// <summary>Nothing was saved: the log rows go, and the aggregates keep their events for a retry.</summary>
    private static void Failed(DbContext? context)
    {
        if (context is not PayDbContext db || db.Outgoing is not var (_, rows))
        {
            return;
        }

        db.Outgoing = null;
        foreach (var row in rows)
        {
            db.Entry(row).State = EntityState.Detached;
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
