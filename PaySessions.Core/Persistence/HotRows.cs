using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Merchants;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Persistence;

/// <summary>
/// The rows the API reads on nearly every request, kept in memory as last committed: a session (every
/// <c>GET /session/{id}</c>, every poll of a checkout page) and a store with its wallets (every create and pick).
/// <see cref="HotRowsInterceptor"/> forgets a row when a save changes it and again when that save commits, and forgets
/// all of a kind when any other write touches its table, so a read never answers from a row older than the last commit.
/// Rows handed out are shared: callers read them and never change them.
/// </summary>
public sealed class HotRows
{
    public RowCache<PaySession> Sessions { get; } = new(capacity: 20_000);

    public RowCache<Merchant> Stores { get; } = new(capacity: 2_000);

    /// <summary>A store with its receiving wallets; null when there is no such store.</summary>
    public async Task<Merchant?> StoreAsync(PayDbContext db, Guid storeId, CancellationToken cancellationToken)
    {
        if (Stores.TryGet(storeId, out var cached))
        {
            return cached;
        }

        var readAt = Stores.Generation;
        var store = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstOrDefaultAsync(m => m.Id == storeId, cancellationToken);
        if (store is not null)
        {
            Stores.Offer(storeId, store, readAt);
        }

        return store;
    }

    /// <summary>The store a row belongs to (the foreign key guarantees it exists).</summary>
    public async Task<Merchant> StoreOfAsync(PayDbContext db, Guid storeId, CancellationToken cancellationToken) =>
        await StoreAsync(db, storeId, cancellationToken) ?? throw new InvalidOperationException($"Store {storeId} is missing while its rows remain.");

    /// <summary>A session as last committed; <paramref name="storeId"/> scopes it to one store (null: any).</summary>
    public async Task<PaySession?> SessionAsync(PayDbContext db, Guid sessionId, Guid? storeId, CancellationToken cancellationToken)
    {
        if (!Sessions.TryGet(sessionId, out var session))
        {
            var readAt = Sessions.Generation;
            session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (session is null)
            {
                return null;
            }

            Sessions.Offer(sessionId, session, readAt);
        }

        return storeId is null || session.MerchantId == storeId ? session : null;
    }
}

/// <summary>
/// Rows by id, with a generation that moves on every forget: a reader notes it before going to the database and its
/// row is kept only if nothing was forgotten meanwhile, so a row read just before a commit cannot outlive it.
/// </summary>
public sealed class RowCache<T>(int capacity) where T : class
{
    private readonly ConcurrentDictionary<Guid, T> _rows = new();
    private long _generation;

    public long Generation => Interlocked.Read(ref _generation);

    public int Count => _rows.Count;

    public bool TryGet(Guid id, [MaybeNullWhen(false)] out T row) => _rows.TryGetValue(id, out row);

    /// <summary>Keeps a row read from the database, unless something was forgotten since <paramref name="readAt"/>.</summary>
    public void Offer(Guid id, T row, long readAt)
    {
        if (_rows.Count >= capacity)
        {
            _rows.Clear(); // a full cache starts over rather than tracking use: the hot rows come straight back
        }

        _rows[id] = row;
        if (Generation != readAt)
        {
            _rows.TryRemove(id, out _);
        }
    }

    public void Forget(Guid id)
    {
        Interlocked.Increment(ref _generation);
        _rows.TryRemove(id, out _);
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _rows.Clear();
    }
}
