using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PaySessions.Core.Persistence;

/// <summary>
/// Commits the writes of requests that arrive together in one SQLite transaction. Every commit writes each page it
/// touched to the WAL (a new session alone touches a dozen index pages), so under load most of a write was its commit.
/// A caller queues its unit of work and waits for its answer. One drainer at a time takes the <see cref="WriteGate"/>
/// (shared with the writers that do not queue here), runs the units waiting, one after another on one context inside
/// one transaction, commits once, and goes on while units wait; a caller whose unit is waiting starts a drainer when
/// none runs. A unit's answer is given only after that commit, so an answered write is stored. If a unit throws, the
/// batch is rolled back and every unit of it runs again alone, so one failure never takes another request's write with
/// it. Units must therefore build their changes inside the unit, from what they read there.
/// </summary>
public sealed class GroupCommit(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate)
{
    /// <summary>At most this many units per transaction, so one batch never holds the gate for long.</summary>
    internal const int MaxBatch = 32;

    private readonly ConcurrentQueue<IUnit> _waiting = new();
    private long _commits;
    private long _gateEntries;
    private int _draining;

    /// <summary>Units queued and not yet taken into a batch.</summary>
    internal int Waiting => _waiting.Count;

    /// <summary>Transactions committed so far (a batch run again unit by unit commits once per unit).</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    /// <summary>Times the units queued here entered the <see cref="WriteGate"/> so far: once a batch.</summary>
    internal long GateEntries => Interlocked.Read(ref _gateEntries);

    /// <summary>Runs <paramref name="work"/> inside the write gate on a context shared with other units; returns once committed.</summary>
    public Task<T> RunAsync<T>(Func<PayDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default) =>
        QueueAsync(new Unit<T>(work, cancellationToken));

    /// <summary>
    /// Adds new rows with no reads or checks (a new sale): the rows of such units that follow one another are saved
    /// in one save, which is most of what a lone insert costs. Returns once committed.
    /// </summary>
    public Task<T> InsertAsync<T>(Func<PayDbContext, T> add, CancellationToken cancellationToken = default) =>
        QueueAsync(new Unit<T>(add, cancellationToken));

    private Task<T> QueueAsync<T>(Unit<T> unit)
    {
        _waiting.Enqueue(unit);
        StartDraining();
        return unit.Answer.Task;
    }

    /// <summary>
    /// Starts a drainer unless one runs. It runs on a pool thread of its own, so a caller is never held by other callers'
    /// units, and without the caller's execution context: the units it runs belong to many callers.
    /// </summary>
    private void StartDraining()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.DrainAsync(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Runs batches while units wait. Waiting units used to take the gate each in turn, even those a batch before them
    /// had answered: every batch of 32 was followed by 31 hand-overs of the gate through the thread pool, each one a
    /// thread to wake while the gate did nothing. A batch is taken only once the gate is held, so what queued meanwhile
    /// joins it. Once the queue is empty the drainer stops and looks again, so a unit queued as it stopped is not left.
    /// </summary>
    private async Task DrainAsync()
    {
        try
        {
            while (!_waiting.IsEmpty)
            {
                // Not cancellable: once queued, a unit is run or refused, never left behind.
                using (await writeGate.EnterAsync(CancellationToken.None))
                {
                    Interlocked.Increment(ref _gateEntries);
                    var batch = new List<IUnit>();
                    while (batch.Count < MaxBatch && _waiting.TryDequeue(out var next))
                    {
                        batch.Add(next);
                    }

                    try
                    {
                        await RunBatchAsync(batch);
                    }
                    catch (Exception failure)
                    {
                        // Not expected (a batch answers every unit it runs), but a unit left unanswered would wait forever.
                        foreach (var unit in batch)
                        {
                            unit.Fail(failure);
                        }
                    }
                }
            }
        }
        finally
        {
            Interlocked.Exchange(ref _draining, 0); // a full fence: the look that follows must not be read before this write is seen
            if (!_waiting.IsEmpty)
            {
                StartDraining(); // queued after the last look, or left by a failure no unit was answered for
            }
        }
    }

    private async Task RunBatchAsync(List<IUnit> batch)
    {
        if (!await TryTogetherAsync(batch))
        {
            foreach (var unit in batch)
            {
                await TryTogetherAsync([unit]);
            }
        }
    }

    /// <summary>
    /// Runs the units in one transaction and answers them; false (nothing answered, nothing kept) when one threw in a
    /// batch of several. Never throws: every unit it was given is answered, or handed back for running alone.
    /// </summary>
    private async Task<bool> TryTogetherAsync(IReadOnlyList<IUnit> units)
    {
        PayDbContext? db = null;
        IDbContextTransaction? transaction = null;
        try
        {
            db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            // No savepoint around each save (two more statements a save): a unit that throws rolls back the whole batch anyway.
            db.Database.AutoSavepointsEnabled = false;
            var unsaved = false;
            foreach (var unit in units)
            {
                if (unit.AddsOnly)
                {
                    unit.Add(db);
                    unsaved = true;
                    continue;
                }

                if (unsaved)
                {
                    await SaveAddedAsync(db);
                    unsaved = false;
                }

                try
                {
                    await unit.RunAsync(db);
                }
                finally
                {
                    db.ChangeTracker.Clear(); // what a refused unit changed but did not save must not reach the next save
                    db.Actor = null;
                }
            }

            if (unsaved)
            {
                await SaveAddedAsync(db);
            }

            await transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _commits);
        }
        catch (Exception failure)
        {
            await RollBackAsync(transaction);
            if (units.Count > 1)
            {
                return false; // each unit runs again alone and meets its own failure, if it was its own
            }

            units[0].Fail(failure);
            return true;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            if (db is not null)
            {
                db.Database.AutoSavepointsEnabled = true; // the pooled context goes back as it came
                await db.DisposeAsync();
            }
        }

        foreach (var unit in units)
        {
            unit.Complete();
        }

        return true;
    }

    private static async Task SaveAddedAsync(PayDbContext db)
    {
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
    }

    /// <summary>Rolls back through EF Core, so the saves' events and forgotten rows are dropped with it; SQLite may have rolled back already.</summary>
    private static async Task RollBackAsync(IDbContextTransaction? transaction)
    {
        try
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
        }
        catch (Exception)
        {
            // The transaction is gone either way (a failed write can end it underneath us); disposing it finishes it.
        }
    }

    private interface IUnit
    {
        /// <summary>Only adds rows, saved with the next save (<see cref="InsertAsync{T}"/>).</summary>
        bool AddsOnly { get; }

        void Add(PayDbContext db);

        Task RunAsync(PayDbContext db);

        void Complete();

        void Fail(Exception failure);
    }

    private sealed class Unit<T> : IUnit
    {
        private readonly Func<PayDbContext, CancellationToken, Task<T>>? _work;
        private readonly Func<PayDbContext, T>? _add;
        private readonly CancellationToken _cancellationToken;
        private T? _result;

        public Unit(Func<PayDbContext, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
            (_work, _cancellationToken) = (work, cancellationToken);

        public Unit(Func<PayDbContext, T> add, CancellationToken cancellationToken) =>
            (_add, _cancellationToken) = (add, cancellationToken);

        public TaskCompletionSource<T> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool AddsOnly => _add is not null;

        public void Add(PayDbContext db)
        {
            if (!LeftEarly())
            {
                _result = _add!(db);
            }
        }

        public async Task RunAsync(PayDbContext db)
        {
            if (!LeftEarly())
            {
                _result = await _work!(db, _cancellationToken);
            }
        }

        public void Complete() => Answer.TrySetResult(_result!);

        public void Fail(Exception failure) => Answer.TrySetException(failure);

        /// <summary>The caller left before its turn: its unit is not run, and the others go on.</summary>
        private bool LeftEarly() => _cancellationToken.IsCancellationRequested && Answer.TrySetCanceled(_cancellationToken);
    }
}
