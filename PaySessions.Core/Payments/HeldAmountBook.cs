using System.Globalization;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>
/// The amounts open payments hold, per wallet and token, kept in memory so a pick finds a free amount without asking the
/// database. What the book says is held is always a superset of what the database holds: a wallet's amounts are read
/// once (all of them, in the writer's transaction), every new payment is added the moment it is opened (and again when
/// a save adds one), and an amount leaves only once the save that released it has committed. An amount the book calls
/// free is therefore free; one it calls held may have just been freed by a rollback, which costs only a wider offset.
/// The unique index <c>IX_Payments_HeldAmount</c> stays the guarantee: a write that breaks it, or any write to payments
/// other than a save, makes the book forget everything and read again.
/// </summary>
public sealed class HeldAmountBook
{
    private readonly Lock _lock = new();
    private readonly Dictionary<HeldWallet, Held> _wallets = [];
    private long _generation;

    /// <summary>How many wallets are read in (for tests).</summary>
    public int WalletsKept
    {
        get
        {
            lock (_lock)
            {
                return _wallets.Values.Count(h => h.Loaded);
            }
        }
    }

    /// <summary>Which of <paramref name="amounts"/> an open payment to the wallet and token may hold; reads the wallet in first if needed.</summary>
    public async Task<IReadOnlySet<BigInteger>> AmongAsync(PayDbContext db, HeldWallet wallet, IReadOnlyList<BigInteger> amounts, CancellationToken cancellationToken)
    {
        var held = await LoadedAsync(db, wallet, cancellationToken);
        lock (_lock)
        {
            return amounts.Where(held.Amounts.Contains).ToHashSet();
        }
    }

    /// <summary>A payment now asks <paramref name="amount"/> (its save may still fail: then the book holds it until read again).</summary>
    public void Hold(HeldWallet wallet, BigInteger amount)
    {
        lock (_lock)
        {
            if (!_wallets.TryGetValue(wallet, out var held))
            {
                // Not read in yet: kept, so a read that is under way cannot miss it.
                _wallets[wallet] = held = new Held();
            }

            held.Amounts.Add(amount);
        }
    }

    /// <summary>A committed save released <paramref name="amount"/> (settled, monitoring over, or deleted).</summary>
    public void Release(HeldWallet wallet, BigInteger amount)
    {
        lock (_lock)
        {
            if (_wallets.TryGetValue(wallet, out var held))
            {
                held.Amounts.Remove(amount);
            }
        }
    }

    /// <summary>The wallet is read again on its next use (the book may hold amounts a rolled-back pick left).</summary>
    public void Reread(HeldWallet wallet)
    {
        lock (_lock)
        {
            _generation++;
            _wallets.Remove(wallet);
        }
    }

    /// <summary>Every wallet is read again on its next use.</summary>
    public void ForgetAll()
    {
        lock (_lock)
        {
            _generation++;
            _wallets.Clear();
        }
    }

    /// <summary>The amounts the database holds for one wallet and token (a search of <c>IX_Payments_HeldAmount</c>).</summary>
    internal static IQueryable<BigInteger> HeldBy(PayDbContext db, HeldWallet wallet) =>
        db.Payments.AsNoTracking()
            .Where(p => p.HoldsAmount && p.MatchByAmount && p.Network == wallet.Network && p.TokenContract == wallet.Token && p.Recipient == wallet.Recipient)
            .Select(p => p.Amount);

    private async Task<Held> LoadedAsync(PayDbContext db, HeldWallet wallet, CancellationToken cancellationToken)
    {
        long generation;
        lock (_lock)
        {
            if (_wallets.TryGetValue(wallet, out var known) && known.Loaded)
            {
                return known;
            }

            generation = _generation;
        }

        var read = await HeldBy(db, wallet).ToListAsync(cancellationToken);
        lock (_lock)
        {
            if (!_wallets.TryGetValue(wallet, out var held))
            {
                _wallets[wallet] = held = new Held();
            }

            // Amounts held while reading were added to the same entry, so the union misses nothing. Forgotten meanwhile:
            // this answer still stands (it is this transaction's view), but the next use reads again.
            held.Amounts.UnionWith(read);
            held.Loaded = generation == _generation;
            return held;
        }
    }

    private sealed class Held
    {
        public HashSet<BigInteger> Amounts { get; } = [];

        public bool Loaded { get; set; }
    }
}

/// <summary>Where held amounts are unique: one token on one network, paid to one address.</summary>
public readonly record struct HeldWallet(string Network, string Token, string Recipient)
{
    public static HeldWallet Of(Payment payment) => new(payment.Network, payment.TokenContract, payment.Recipient);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Network}:{Token}:{Recipient}");
}
