using System.Data.Common;
using System.Numerics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PaySessions.Core.Chain;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Persistence;

/// <summary>
/// Keeps <see cref="HotRows"/> no older than the last commit. A save forgets the sessions it changes (tracked entries
/// tell which); any other write that names the sessions table (an ExecuteUpdate, raw SQL, a migration) forgets them
/// all, and any write that names the stores or wallets tables forgets every store. Each is forgotten when the
/// statement runs and again when its transaction commits, because a reader in between still sees the old row and may
/// have kept it.
/// It keeps <see cref="HeldAmountBook"/> a superset of the amounts the database holds: a save that adds a holding
/// payment holds its amount at once, one that releases amounts (or deletes payments) releases them only once it has
/// committed, and any other write to the payments table, or a save that breaks the held-amount index, makes the book
/// read everything again. It tells <see cref="RecipientWatch"/> the addresses a save adds to the chain watch.
/// </summary>
public sealed partial class HotRowsInterceptor(HotRows hot, HeldAmountBook book, RecipientWatch watch) : ISaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    [GeneratedRegex(@"\b(Merchants|MerchantWallets)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StoreTables();

    [GeneratedRegex(@"\bSessions\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SessionTable();

    [GeneratedRegex(@"\bPayments\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PaymentTable();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Forget(eventData.Context, ended: false);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, ended: false);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData);
        return Task.CompletedTask;
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Written(command, eventData);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Written(command, eventData);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Written(command, eventData);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Written(command, eventData);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Written(command, eventData);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Written(command, eventData);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, ended: true, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, ended: true, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, ended: true, committed: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, ended: true, committed: false);
        return Task.CompletedTask;
    }

    /// <summary>Before a save: which cached sessions it is about to change, which amounts it holds and which it releases.</summary>
    private void Note(DbContext? context)
    {
        if (context is not PayDbContext db)
        {
            return;
        }

        db.Stale.ReleasedBefore = db.Stale.Released.Count;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case PaySession session when entry.State is EntityState.Modified or EntityState.Deleted:
                    db.Stale.Sessions.Add(session.Id);
                    break;
                case Payment payment when entry.State == EntityState.Added && payment.HoldsAmount:
                    watch.Note(payment.Network, payment.Recipient);
                    if (payment.MatchByAmount)
                    {
                        book.Hold(HeldWallet.Of(payment), payment.Amount);
                    }

                    break;
                case MerchantWallet wallet when entry.State is EntityState.Added or EntityState.Modified:
                    watch.Note(wallet.Network, wallet.Address);
                    break;
                case Payment payment when entry.State is EntityState.Modified or EntityState.Deleted
                    && Held(entry, original: true) && (entry.State == EntityState.Deleted || !Held(entry, original: false)):
                    db.Stale.Released.Add((HeldWallet.Of(payment), entry.OriginalValues.GetValue<BigInteger>(nameof(Payment.Amount))));
                    break;
            }
        }

        static bool Held(EntityEntry entry, bool original)
        {
            var values = original ? entry.OriginalValues : entry.CurrentValues;
            return values.GetValue<bool>(nameof(Payment.HoldsAmount)) && values.GetValue<bool>(nameof(Payment.MatchByAmount));
        }
    }

    /// <summary>
    /// A save failed: what it made stale stays forgotten, and the amounts it was to release are not released (it wrote
    /// nothing that stays: its savepoint, its own transaction or the caller's rollback undoes it), though what earlier
    /// saves of the same transaction released still waits for its commit. A save that found an amount already held
    /// proves the book wrong: it reads everything again.
    /// </summary>
    private void Failed(DbContextErrorEventData eventData)
    {
        if (eventData.Exception.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 } unique
            && unique.Message.Contains("Payments.Amount", StringComparison.Ordinal))
        {
            book.ForgetAll();
        }

        if (eventData.Context is PayDbContext db)
        {
            var stale = db.Stale;
            var from = Math.Min(stale.ReleasedBefore, stale.Released.Count);
            stale.Released.RemoveRange(from, stale.Released.Count - from);
        }

        Forget(eventData.Context, ended: false);
    }

    private void Written(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource is CommandSource.LinqQuery or CommandSource.FromSqlQuery || eventData.Context is not PayDbContext db)
        {
            return;
        }

        var text = command.CommandText;
        if (StoreTables().IsMatch(text))
        {
            db.Stale.Stores = true;
        }

        if (eventData.CommandSource == CommandSource.SaveChanges)
        {
            return; // a save's rows may still be stepping: it forgets them once saved, and again at its commit
        }

        if (SessionTable().IsMatch(text))
        {
            db.Stale.AllSessions = true;
        }

        if (PaymentTable().IsMatch(text))
        {
            db.Stale.AllHeld = true;
        }

        var ended = db.Database.CurrentTransaction is null;
        Forget(db, ended, committed: ended);
    }

    /// <param name="ended">The writes are committed or rolled back: nothing is left to forget at a later commit.</param>
    /// <param name="committed">The writes are committed (a save outside a transaction is once it returns): released amounts are free now.</param>
    private void Forget(DbContext? context, bool ended, bool committed = false)
    {
        if (context is not PayDbContext db || db.Stale.IsEmpty)
        {
            return;
        }

        var stale = db.Stale;
        if (stale.AllHeld)
        {
            book.ForgetAll();
        }

        if (committed || (!ended && db.Database.CurrentTransaction is null))
        {
            foreach (var (wallet, amount) in stale.Released)
            {
                book.Release(wallet, amount);
            }

            stale.Released.Clear();
        }
        if (stale.AllSessions)
        {
            hot.Sessions.ForgetAll();
        }
        else
        {
            foreach (var id in stale.Sessions)
            {
                hot.Sessions.Forget(id);
            }
        }

        if (stale.Stores)
        {
            hot.Stores.ForgetAll();
        }

        if (ended || db.Database.CurrentTransaction is null)
        {
            stale.Clear();
        }
    }
}

/// <summary>What one context's writes made stale in <see cref="HotRows"/>, until they commit.</summary>
internal sealed class StaleRows
{
    public HashSet<Guid> Sessions { get; } = [];

    public bool AllSessions { get; set; }

    public bool Stores { get; set; }

    /// <summary>Amounts the context's saves released, freed in <see cref="HeldAmountBook"/> only once they commit.</summary>
    public List<(HeldWallet Wallet, BigInteger Amount)> Released { get; } = [];

    /// <summary>How many of <see cref="Released"/> came from saves before the one under way.</summary>
    public int ReleasedBefore { get; set; }

    /// <summary>Another write reached the payments table: the book reads every wallet again.</summary>
    public bool AllHeld { get; set; }

    public bool IsEmpty => Sessions.Count == 0 && !AllSessions && !Stores && Released.Count == 0 && !AllHeld;

    public void Clear()
    {
        Sessions.Clear();
        AllSessions = false;
        Stores = false;
        Released.Clear();
        ReleasedBefore = 0;
        AllHeld = false;
    }
}
