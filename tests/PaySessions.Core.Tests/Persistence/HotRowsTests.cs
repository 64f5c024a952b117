using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Merchants;
using PaySessions.Core.Notifications;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>Sessions and stores kept in memory for the hot reads, on a real SQLite file: a read never answers from a row older than the last commit.</summary>
public sealed class HotRowsTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private SessionService Sessions => _core.Get<SessionService>();

    private HotRows Hot => _core.Get<HotRows>();

    private Task<PayDbContext> DbAsync() => _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();

    private async Task<(MerchantCaller Store, PaySession Session)> SaleAsync()
    {
        var store = await _core.NewMerchantAsync();
        var session = (await Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 9.5m, AmountCurrency: "USD"))).Value!;
        return (store, session);
    }

    [Fact]
    public async Task a_read_after_each_change_sees_the_change_although_the_session_was_kept()
    {
        var (store, session) = await SaleAsync();
        Assert.Null((await Sessions.FindAsync(session.Id, store.MerchantId))!.TransactionId);
        Assert.True(Hot.Sessions.TryGet(session.Id, out _));

        var picked = (await Sessions.PickAsync(session.Id, store.MerchantId, "USDC", "polygon")).Value!;
        Assert.Equal(picked.Id, (await Sessions.FindAsync(session.Id, store.MerchantId))!.TransactionId);

        await Sessions.CancelAsync(session.Id, store.MerchantId);
        var read = await Sessions.FindAsync(session.Id, store.MerchantId);
        Assert.Equal(PaymentStatus.Canceled, read!.Status);
        Assert.Equal(PaymentStatus.Canceled, (await Sessions.ViewAsync(session.Id, null))!.Session.Status);
    }

    [Fact]
    public async Task a_kept_session_is_still_scoped_to_its_store()
    {
        var (store, session) = await SaleAsync();
        var other = await _core.NewMerchantAsync("Other Shop");
        Assert.NotNull(await Sessions.FindAsync(session.Id, store.MerchantId));

        Assert.Null(await Sessions.FindAsync(session.Id, other.MerchantId));
        Assert.NotNull(await Sessions.FindAsync(session.Id, null));
    }

    [Fact]
    public async Task a_listener_that_reads_again_on_the_event_sees_the_new_state()
    {
        var (store, session) = await SaleAsync();
        await Sessions.FindAsync(session.Id, store.MerchantId);
        var seen = new TaskCompletionSource<PaymentStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _core.Get<SessionNotifier>().SubscribeAll(async e =>
        {
            if (e.Type == "session.status_changed")
            {
                seen.TrySetResult((await Sessions.FindAsync(session.Id, store.MerchantId))!.Status);
            }
        });

        await Sessions.CancelAsync(session.Id, store.MerchantId);

        Assert.Equal(PaymentStatus.Canceled, await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task a_row_read_while_a_transaction_was_open_is_forgotten_when_it_commits()
    {
        var (store, session) = await SaleAsync();
        await using var db = await DbAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var tracked = await db.Sessions.FirstAsync(s => s.Id == session.Id);
            Assert.True(tracked.Cancel(_core.Time.GetUtcNow().UtcDateTime, "closing"));
            await db.SaveChangesAsync();

            // Another request reads meanwhile: it sees the last commit (pending) and keeps it.
            Assert.Equal(PaymentStatus.Pending, (await Sessions.FindAsync(session.Id, store.MerchantId))!.Status);
            Assert.True(Hot.Sessions.TryGet(session.Id, out _));

            await transaction.CommitAsync();
        }

        Assert.False(Hot.Sessions.TryGet(session.Id, out _));
        Assert.Equal(PaymentStatus.Canceled, (await Sessions.FindAsync(session.Id, store.MerchantId))!.Status);
    }

    [Fact]
    public async Task a_rolled_back_change_leaves_the_committed_row_readable()
    {
        var (store, session) = await SaleAsync();
        await using var db = await DbAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var tracked = await db.Sessions.FirstAsync(s => s.Id == session.Id);
            tracked.Cancel(_core.Time.GetUtcNow().UtcDateTime, "never mind");
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        Assert.Equal(PaymentStatus.Pending, (await Sessions.FindAsync(session.Id, store.MerchantId))!.Status);
    }

    [Fact]
    public async Task a_bulk_write_to_the_sessions_table_forgets_every_kept_session()
    {
        var (store, session) = await SaleAsync();
        await Sessions.FindAsync(session.Id, store.MerchantId);
        await using (var db = await DbAsync())
        {
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(set => set.SetProperty(s => s.Descriptor, "changed in bulk"));
        }

        Assert.Equal("changed in bulk", (await Sessions.FindAsync(session.Id, store.MerchantId))!.Descriptor);
    }

    [Fact]
    public async Task a_store_change_reaches_the_next_sale_and_the_next_pick()
    {
        var (store, session) = await SaleAsync();
        await Sessions.ViewAsync(session.Id, store.MerchantId); // keeps the store and its wallets
        Assert.True(Hot.Stores.TryGet(store.MerchantId, out _));

        var settings = _core.Get<StoreSettings>();
        var details = (await settings.ReadAsync(store.MerchantId))!;
        Assert.True((await settings.UpdateAsync(store.MerchantId, details with { Name = "Renamed Shop" })).Ok);
        Assert.Equal("Renamed Shop", (await Sessions.ViewAsync(session.Id, store.MerchantId))!.MerchantName);

        const string newWallet = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
        Assert.True((await _core.Get<ReceivingWallets>().SetAsync(store.MerchantId, "polygon", newWallet, ["USDC"])).Ok);
        var picked = (await Sessions.PickAsync(session.Id, store.MerchantId, "USDC", "polygon")).Value!;
        Assert.Equal(newWallet, picked.Recipient, ignoreCase: true);

        Assert.True((await _core.Get<ReceivingWallets>().RemoveAsync(store.MerchantId, "polygon")).Ok);
        var refused = await Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"));
        Assert.False(refused.Ok);
    }

    [Fact]
    public void a_row_read_before_a_forget_is_not_kept()
    {
        var rows = new RowCache<string>(capacity: 10);
        var id = Guid.NewGuid();
        var readAt = rows.Generation;

        rows.Forget(id); // a commit lands while the reader is at the database
        rows.Offer(id, "old", readAt);

        Assert.False(rows.TryGet(id, out _));
        rows.Offer(id, "new", rows.Generation);
        Assert.True(rows.TryGet(id, out var kept));
        Assert.Equal("new", kept);
    }

    [Fact]
    public void a_full_cache_starts_over_instead_of_growing()
    {
        var rows = new RowCache<string>(capacity: 3);
        for (var i = 0; i < 10; i++)
        {
            rows.Offer(Guid.NewGuid(), "row", rows.Generation);
        }

        Assert.InRange(rows.Count, 1, 3);
    }
}
