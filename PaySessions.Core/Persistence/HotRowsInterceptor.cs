using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Persistence;

/// <summary>
/// Keeps <see cref="HotRows"/> no older than the last commit. A save forgets the sessions it changes (tracked entries
/// tell which); any other write that names the sessions table (an ExecuteUpdate, raw SQL, a migration) forgets them
/// all, and any write that names the stores or wallets tables forgets every store. Each is forgotten when the
/// statement runs and again when its transaction commits, because a reader in between still sees the old row and may
/// have kept it.
/// </summary>
public sealed partial class HotRowsInterceptor(HotRows hot) : ISaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    [GeneratedRegex(@"\b(Merchants|MerchantWallets)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StoreTables();

    [GeneratedRegex(@"\bSessions\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SessionTable();

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

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context, ended: false);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, ended: false);
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

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, ended: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, ended: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, ended: true);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, ended: true);
        return Task.CompletedTask;
    }

    /// <summary>Before a save: which cached sessions it is about to change.</summary>
    private static void Note(DbContext? context)
    {
        if (context is not PayDbContext db)
        {
            return;
        }

        foreach (var entry in db.ChangeTracker.Entries<PaySession>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                db.Stale.Sessions.Add(entry.Entity.Id);
            }
        }
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

        Forget(db, ended: db.Database.CurrentTransaction is null);
    }

    /// <param name="ended">The writes are committed or rolled back: nothing is left to forget at a later commit.</param>
    private void Forget(DbContext? context, bool ended)
    {
        if (context is not PayDbContext db || db.Stale.IsEmpty)
        {
            return;
        }

        var stale = db.Stale;
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

    public bool IsEmpty => Sessions.Count == 0 && !AllSessions && !Stores;

    public void Clear()
    {
        Sessions.Clear();
        AllSessions = false;
        Stores = false;
    }
}
