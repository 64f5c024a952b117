using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Events;
using PaySessions.Core.Notifications;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>The dispatcher on a real SQLite file: events are saved with the change, published only after the commit.</summary>
public sealed class EventLogTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private HeardEvents _heard = null!;

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.StartAsync();
        _heard = new HeardEvents(_core.Get<SessionNotifier>());
    }

    public async Task DisposeAsync()
    {
        _heard.Dispose();
        await _core.DisposeAsync();
    }

    private Task<PayDbContext> DbAsync() => _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task a_sale_leaves_its_story_in_the_event_log_in_order()
    {
        var merchant = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var session = (await sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 4m, AmountCurrency: "USD"))).Value!;
        var first = (await sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;
        await sessions.PickAsync(session.Id, null, "USDT", "polygon");
        await sessions.CancelAsync(session.Id, null);

        await using var db = await DbAsync();
        var log = await db.Events.Where(e => e.SessionId == session.Id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            ["session.created", "payment.created", "session.transaction_changed", "payment.status_changed", "payment.created", "session.transaction_changed",
             "session.status_changed", "payment.status_changed"],
            log.Select(e => e.Type));
        Assert.All(log, e => Assert.Equal(merchant.MerchantId, e.MerchantId));
        var canceledFirst = Assert.IsType<PaymentStatusChanged>(log[3].ToEvent());
        Assert.Equal((first.Id, PaymentStatus.Pending, PaymentStatus.Canceled), (canceledFirst.PaymentId!.Value, canceledFirst.From, canceledFirst.To));
        await Eventually.Async(() => _heard.All.Count(e => e.SessionId == session.Id) == log.Count);
        Assert.Equal(log.Select(e => e.EventId), _heard.All.Where(e => e.SessionId == session.Id).Select(e => e.EventId));
    }

    [Fact]
    public async Task a_failed_save_writes_no_event_and_publishes_nothing()
    {
        var merchant = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var session = (await sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 5m, AmountCurrency: "USD"))).Value!;
        var payment = (await sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;
        await Eventually.Async(() => _heard.All.Any(e => e is PaymentCreated && e.PaymentId == payment.Id));
        var before = await CountEventsAsync();

        await using (var db = await DbAsync())
        {
            // A second open payment asking the same amount breaks the unique index: the whole save fails.
            var stored = await db.Sessions.FirstAsync(s => s.Id == session.Id);
            var asset = _core.Get<PaySessions.Core.Chain.NetworkCatalog>().FindAsset("polygon", "USDC")!;
            var clash = Payment.Open(stored, new AssetQuote(asset, payment.Recipient, 1m, payment.QuotedAmount), payment.Amount, TimeSpan.FromHours(1), _core.Time.GetUtcNow().UtcDateTime);
            db.Payments.Add(clash);
            stored.Attach(clash, _core.Time.GetUtcNow().UtcDateTime);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.IsType<PaymentCreated>(Assert.Single(clash.PendingEvents())); // kept on the aggregate for a retry
        }

        await Task.Delay(200);
        Assert.Equal(before, await CountEventsAsync());
        Assert.DoesNotContain(_heard.All, e => e is PaymentCreated created && created.PaymentId != payment.Id && created.SessionId == session.Id);
    }

    [Fact]
    public async Task inside_an_explicit_transaction_events_are_published_on_commit_and_forgotten_on_rollback()
    {
        var merchant = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var kept = (await sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 6m, AmountCurrency: "USD"))).Value!;
        var dropped = (await sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 7m, AmountCurrency: "USD"))).Value!;

        await using (var db = await DbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Sessions.FirstAsync(s => s.Id == dropped.Id)).Cancel(_core.Time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using (var db = await DbAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Sessions.FirstAsync(s => s.Id == kept.Id)).Cancel(_core.Time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
            await Task.Delay(100);
            Assert.DoesNotContain(_heard.All, e => e is SessionStatusChanged && e.SessionId == kept.Id);

            await transaction.CommitAsync();
        }

        await Eventually.Async(() => _heard.All.Any(e => e is SessionStatusChanged { To: PaymentStatus.Canceled } && e.SessionId == kept.Id));
        await using var check = await DbAsync();
        Assert.False(await check.Events.AnyAsync(e => e.SessionId == dropped.Id && e.Type == "session.status_changed"));
        Assert.Equal(PaymentStatus.Pending, (await check.Sessions.FirstAsync(s => s.Id == dropped.Id)).Status);
        Assert.DoesNotContain(_heard.All, e => e is SessionStatusChanged && e.SessionId == dropped.Id);
    }

    [Fact]
    public async Task the_event_log_refuses_updates_and_deletes()
    {
        var merchant = await _core.NewMerchantAsync();
        await _core.Get<SessionService>().CreateAsync(merchant, new CreateSessionRequest(Amount: 1m, AmountCurrency: "USD"));
        await using var db = await DbAsync();
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE Events SET Type = 'forged'"));
        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM Events"));
        Assert.False(await db.Events.AnyAsync(e => e.Type == "forged"));
    }

    [Fact]
    public void every_event_type_round_trips_through_its_stored_name()
    {
        Assert.Equal(
            ["payment.created", "payment.exception_changed", "payment.progressed", "payment.refunded", "payment.status_changed", "payment.transfer_attached",
             "session.created", "session.status_changed",
             "session.transaction_changed", "voucher.negotiated", "voucher.receipt_submitted", "voucher.reserved", "voucher.status_changed",
             "voucher_context.closed", "voucher_context.opened",
             "voucher_session.closed", "voucher_session.joined", "voucher_session.opened"],
            EventJson.Types.Keys.Order(StringComparer.Ordinal));
        var original = new PaymentStatusChanged(PaymentStatus.Processing, PaymentStatus.Succeeded, PaymentException.Overpaid)
        {
            OccurredAt = new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc),
            MerchantId = Guid.NewGuid(),
            SessionId = Guid.NewGuid(),
            PaymentId = Guid.NewGuid(),
        };
        var record = EventRecord.From(original);
        Assert.Contains("\"to\":\"succeeded\"", record.Payload, StringComparison.Ordinal);
        Assert.Equal(original, record.ToEvent());
    }

    private async Task<int> CountEventsAsync()
    {
        await using var db = await DbAsync();
        return await db.Events.CountAsync();
    }
}
