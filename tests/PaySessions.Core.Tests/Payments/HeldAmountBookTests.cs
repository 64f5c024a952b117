using System.Numerics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Payments;

/// <summary>
/// The book of held amounts a pick chooses from: read from the unique index once per wallet, and never calling an
/// amount free while the database holds it, whichever way the amount was held or released.
/// </summary>
public sealed class HeldAmountBookTests : IAsyncLifetime
{
    private static readonly HeldWallet Wallet = new("polygon", TestNetworks.Usdc, CoreHarness.MerchantWallet);

    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private HeldAmountBook Book => _core.Get<HeldAmountBook>();

    private SessionService Sessions => _core.Get<SessionService>();

    private Task<PayDbContext> DbAsync() => _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();

    private async Task<bool> BookHoldsAsync(BigInteger amount)
    {
        await using var db = await DbAsync();
        return (await Book.AmongAsync(db, Wallet, [amount], CancellationToken.None)).Count == 1;
    }

    private async Task<(MerchantCaller Shop, List<Payment> Picked)> PickAsync(int count)
    {
        var shop = await _core.NewMerchantAsync();
        var picked = new List<Payment>();
        for (var i = 0; i < count; i++)
        {
            var session = (await Sessions.CreateAsync(shop, new CreateSessionRequest(Amount: 12.5m, AmountCurrency: "USD"))).Value!;
            picked.Add((await Sessions.PickAsync(session.Id, shop.MerchantId, "USDC", "polygon")).Value!);
        }

        return (shop, picked);
    }

    /// <summary>One pick whose amount a committed save then released: the book calls it free.</summary>
    private async Task<(MerchantCaller Shop, Payment Payment)> PickAndReleaseAsync()
    {
        var (shop, picked) = await PickAsync(1);
        var payment = picked[0];
        await using (var db = await DbAsync())
        {
            (await db.Payments.FirstAsync(p => p.Id == payment.Id)).ReleaseAmountIfDue(payment.MonitorUntil.AddMinutes(1));
            await db.SaveChangesAsync();
        }

        Assert.False(await BookHoldsAsync(payment.Amount));
        return (shop, payment);
    }

    [Fact]
    public async Task reading_a_wallet_in_is_a_search_of_the_unique_held_amount_index_not_a_scan()
    {
        await using var db = await DbAsync();
        var plan = await PlanAsync(db, HeldAmountBook.HeldBy(db, Wallet));

        // Either partial index of held payments, searched by wallet and token (SQLite weighs the two alike).
        Assert.Matches(@"SEARCH p USING (COVERING )?INDEX IX_Payments_Held(Amount|Quote) \(Network=\? AND TokenContract=\? AND Recipient=\?", plan);
    }

    [Fact]
    public async Task picks_ask_distinct_amounts_and_a_book_read_afresh_sees_exactly_those_held()
    {
        var (_, picked) = await PickAsync(40);
        var amounts = picked.Select(p => p.Amount).ToList();

        Assert.Equal(amounts.Count, amounts.Distinct().Count());
        Assert.All(amounts, amount => Assert.InRange(amount - 12_500_000, BigInteger.One, new BigInteger(9_999)));
        Book.ForgetAll();
        await using var db = await DbAsync();
        var asked = amounts.Take(5).Append(new BigInteger(12_500_000)).ToList();
        var held = await Book.AmongAsync(db, Wallet, asked, CancellationToken.None);
        Assert.Equal(amounts.Take(5).ToHashSet(), held.ToHashSet());
        Assert.Equal(1, Book.WalletsKept);
    }

    [Fact]
    public async Task a_released_amount_is_free_only_once_its_release_commits()
    {
        var (_, picked) = await PickAsync(2);
        var (first, second) = (picked[0], picked[1]);
        Assert.True(await BookHoldsAsync(first.Amount));
        var after = first.MonitorUntil.AddMinutes(1);

        // Released in a transaction that rolls back: still held.
        await using (var db = await DbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var payment = await db.Payments.FirstAsync(p => p.Id == first.Id);
            Assert.True(payment.ReleaseAmountIfDue(after));
            await db.SaveChangesAsync();
            Assert.True(await BookHoldsAsync(first.Amount)); // saved, not committed: a pick now must still avoid it
            await transaction.RollbackAsync();
        }

        Assert.True(await BookHoldsAsync(first.Amount));

        // Released and committed, by a transaction and by a plain save.
        await using (var db = await DbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Payments.FirstAsync(p => p.Id == first.Id)).ReleaseAmountIfDue(after);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        Assert.False(await BookHoldsAsync(first.Amount));
        Assert.True(await BookHoldsAsync(second.Amount));
        await using (var db = await DbAsync())
        {
            (await db.Payments.FirstAsync(p => p.Id == second.Id)).ReleaseAmountIfDue(after);
            await db.SaveChangesAsync();
        }

        Assert.False(await BookHoldsAsync(second.Amount));
        Assert.Equal(1, Book.WalletsKept); // learned from the saves, never read again
    }

    [Fact]
    public async Task a_failed_save_in_a_transaction_that_commits_after_all_releases_nothing_of_its_own()
    {
        var (shop, picked) = await PickAsync(2);
        var (first, second) = (picked[0], picked[1]);
        var after = first.MonitorUntil.AddMinutes(1);
        await using (var db = await DbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Payments.FirstAsync(p => p.Id == first.Id)).ReleaseAmountIfDue(after);
            await db.SaveChangesAsync();

            // The second release goes with a payment for a sale that does not exist: the save fails on the foreign key and
            // its savepoint undoes it, while the transaction goes on and commits the first release.
            (await db.Payments.FirstAsync(p => p.Id == second.Id)).ReleaseAmountIfDue(after);
            var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == shop.MerchantId);
            var nowhere = PaySession.OpenCheckout(merchant, new CreateSessionRequest(Amount: 12.5m, AmountCurrency: "USD"), _core.Time.GetUtcNow().UtcDateTime);
            var quote = _core.Get<Pricing>().Quotes(merchant, nowhere).First(q => q.Asset.Symbol == "USDC" && q.Asset.Network.Name == "polygon");
            db.Payments.Add(Payment.Open(nowhere, quote, 99_999_999, TimeSpan.FromHours(1), _core.Time.GetUtcNow().UtcDateTime));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            await transaction.CommitAsync();
        }

        await using (var db = await DbAsync())
        {
            Assert.True(await db.Payments.AnyAsync(p => p.Id == second.Id && p.HoldsAmount));
        }

        Assert.False(await BookHoldsAsync(first.Amount));
        Assert.True(await BookHoldsAsync(second.Amount));
    }

    [Fact]
    public async Task the_sweeper_frees_amounts_whose_monitoring_ended_and_a_new_pick_may_take_them()
    {
        var (shop, picked) = await PickAsync(3);
        _core.Time.Advance(picked[0].MonitorUntil - _core.Time.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1));
        await _core.Get<SessionSweeper>().SweepAsync();

        foreach (var payment in picked)
        {
            Assert.False(await BookHoldsAsync(payment.Amount));
        }

        var session = (await Sessions.CreateAsync(shop, new CreateSessionRequest(Amount: 12.5m, AmountCurrency: "USD"))).Value!;
        var next = (await Sessions.PickAsync(session.Id, shop.MerchantId, "USDC", "polygon")).Value!;
        Assert.True(await BookHoldsAsync(next.Amount));
    }

    [Fact]
    public async Task any_other_write_to_payments_makes_the_book_read_again()
    {
        var (_, payment) = await PickAndReleaseAsync();
        await using (var db = await DbAsync())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE \"Payments\" SET \"HoldsAmount\" = 1 WHERE \"Id\" = {payment.Id}");
        }

        Assert.Equal(0, Book.WalletsKept);
        Assert.True(await BookHoldsAsync(payment.Amount));
    }

    [Fact]
    public async Task a_save_that_finds_the_amount_held_after_all_makes_the_book_read_again()
    {
        var (shop, payment) = await PickAndReleaseAsync();

        // Another program holds the amount again behind the app's back: the book cannot know.
        await using (var outside = new SqliteConnection($"Data Source={_core.DatabasePath}"))
        {
            await outside.OpenAsync();
            await using var command = outside.CreateCommand();
            command.CommandText = "UPDATE \"Payments\" SET \"HoldsAmount\" = 1 WHERE \"Id\" = $id";
            command.Parameters.AddWithValue("$id", payment.Id.ToString().ToUpperInvariant());
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.False(await BookHoldsAsync(payment.Amount));
        await using (var db = await DbAsync())
        {
            var session = await db.Sessions.FirstAsync(s => s.Id == payment.SessionId);
            var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == shop.MerchantId);
            var quote = _core.Get<Pricing>().Quotes(merchant, session).First(q => q.Asset.Symbol == "USDC" && q.Asset.Network.Name == "polygon");
            db.Payments.Add(Payment.Open(session, quote, payment.Amount, TimeSpan.FromHours(1), _core.Time.GetUtcNow().UtcDateTime));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(0, Book.WalletsKept);
        Assert.True(await BookHoldsAsync(payment.Amount));
    }

    /// <summary>
    /// What grows with open payments is read through partial indexes whose filters LINQ's bool tests contain word for word:
    /// matching a transfer by amount or by claim, and the sweeper's next amounts to release.
    /// </summary>
    [Fact]
    public async Task matching_a_transfer_and_releasing_amounts_search_partial_indexes_not_the_payments()
    {
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var transfer = new ChainTransfer
        {
            Network = "polygon", TxHash = "0xaa", BlockHash = "0xbb", Token = TestNetworks.Usdc,
            From = "0x1111111111111111111111111111111111111111", To = CoreHarness.MerchantWallet, Value = 12_500_001,
        };

        Assert.Contains("USING INDEX IX_Payments_HeldAmount", await PlanAsync(db, PaymentLedger.ExactFor(db, transfer)), StringComparison.Ordinal);
        Assert.Contains("USING INDEX IX_Payments_HeldQuote", await PlanAsync(db, PaymentLedger.OpenFor(db, transfer)), StringComparison.Ordinal);
        var release = await PlanAsync(db, SessionSweeper.DueReleases(db, DateTime.UtcNow));
        Assert.Contains("USING INDEX IX_Payments_Release", release, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", release, StringComparison.Ordinal); // read in the index's order, not sorted after
    }

    private static async Task<string> PlanAsync<T>(PayDbContext db, IQueryable<T> query)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = await ReadPlanAsync(command);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN p", StringComparison.Ordinal));
        return string.Join('\n', plan);
    }

    /// <summary>The detail column of each step of an <c>EXPLAIN QUERY PLAN</c> command.</summary>
    private static async Task<List<string>> ReadPlanAsync(System.Data.Common.DbCommand command)
    {
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
