using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Notifications;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Sessions;

public sealed class SessionServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    private SessionService Sessions => _core.Get<SessionService>();

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task a_new_session_is_pending_and_expires_after_the_merchants_window()
    {
        var merchant = await _core.NewMerchantAsync();
        var created = await Sessions.CreateAsync(merchant, new CreateSessionRequest("Latte", "R-1", 12.34m, "USD"));

        Assert.True(created.Ok);
        var stored = await Sessions.FindAsync(created.Value.Id, merchant.MerchantId);
        Assert.NotNull(stored);
        Assert.Equal(PaymentStatus.Pending, stored.Status);
        Assert.Equal(12.34m, stored.Amount);
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
        Assert.Equal(_core.Time.GetUtcNow().UtcDateTime.AddMinutes(15), stored.ExpiresAt);
    }

    [Fact]
    public async Task twenty_sessions_at_the_same_price_get_twenty_distinct_amounts()
    {
        var merchant = await _core.NewMerchantAsync();
        var amounts = new List<BigInteger>();
        for (var i = 0; i < 20; i++)
        {
            var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 12.34m, AmountCurrency: "USD"))).Value!;
            var payment = await Sessions.PickAsync(session.Id, merchant.MerchantId, "USDC", "polygon");
            Assert.True(payment.Ok);
            amounts.Add(payment.Value.Amount);
        }

        Assert.Equal(20, amounts.Distinct().Count());
        Assert.All(amounts, a => Assert.InRange(a, new BigInteger(12_340_001), new BigInteger(12_349_999)));
    }

    [Fact]
    public async Task the_database_refuses_a_second_open_payment_with_the_same_amount()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 5m, AmountCurrency: "USD"))).Value!;
        var payment = (await Sessions.PickAsync(session.Id, merchant.MerchantId, "USDC", "polygon")).Value!;

        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var stored = await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == session.Id);
        var asset = _core.Get<PaySessions.Core.Chain.NetworkCatalog>().FindAsset(payment.Network, payment.Asset)!;
        db.Payments.Add(Payment.Open(stored, new AssetQuote(asset, payment.Recipient, payment.Rate, payment.QuotedAmount), payment.Amount, TimeSpan.FromDays(1), _core.Time.GetUtcNow().UtcDateTime));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task picking_again_cancels_the_previous_transaction_and_links_the_new_one()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 10m, AmountCurrency: "USD"))).Value!;
        var first = (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;
        var second = (await Sessions.PickAsync(session.Id, null, "usdt", "POLYGON")).Value!;

        Assert.Equal(PaymentStatus.Canceled, (await Sessions.FindPaymentAsync(first.Id, null))!.Status);
        Assert.Equal("USDT", second.Asset);
        Assert.Equal(second.Id, (await Sessions.FindAsync(session.Id, null))!.TransactionId);
    }

    [Fact]
    public async Task a_replaced_transaction_frees_its_amount_soon_and_switching_is_bounded()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 10m, AmountCurrency: "USD"))).Value!;
        var first = (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;
        for (var i = 1; i < PaymentOpening.MaxPicksPerSession; i++)
        {
            Assert.True((await Sessions.PickAsync(session.Id, null, i % 2 == 0 ? "USDC" : "USDT", "polygon")).Ok);
        }

        Assert.Equal(ErrorCodes.TooManyAttempts, (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Error?.Code);
        var replaced = (await Sessions.FindPaymentAsync(first.Id, null))!;
        Assert.Equal(_core.Time.GetUtcNow().UtcDateTime + Payment.CanceledGrace, replaced.MonitorUntil);

        _core.Time.Advance(Payment.CanceledGrace);
        await _core.Get<SessionSweeper>().SweepAsync();
        Assert.False((await Sessions.FindPaymentAsync(first.Id, null))!.HoldsAmount);
    }

    [Fact]
    public async Task eur_pegged_tokens_are_priced_through_the_configured_rate()
    {
        var merchant = await _core.NewMerchantAsync();
        var usd = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 10m, AmountCurrency: "USD"))).Value!;
        var eur = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 10m, AmountCurrency: "EUR"))).Value!;

        var eurcForUsd = (await Sessions.PickAsync(usd.Id, null, "EURC", "polygon")).Value!;
        var eurcForEur = (await Sessions.PickAsync(eur.Id, null, "EURC", "polygon")).Value!;
        var usdcForEur = (await Sessions.PickAsync(eur.Id, null, "USDC", "polygon")).Value!;

        Assert.Equal(new BigInteger(8_000_000), eurcForUsd.QuotedAmount);
        Assert.Equal(new BigInteger(10_000_000), eurcForEur.QuotedAmount);
        Assert.Equal(new BigInteger(12_500_000), usdcForEur.QuotedAmount);
        Assert.Equal(1.25m, usdcForEur.Rate);
    }

    [Fact]
    public async Task a_session_fx_rate_overrides_the_configured_rate()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 100m, AmountCurrency: "GBP", FxRate: 1.3m))).Value!;
        var usdc = (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;

        Assert.Equal(new BigInteger(130_000_000), usdc.QuotedAmount);
    }

    [Fact]
    public async Task a_currency_no_asset_can_be_priced_in_is_refused()
    {
        var merchant = await _core.NewMerchantAsync();
        var result = await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 100m, AmountCurrency: "JPY"));

        Assert.Equal(ErrorCodes.UnsupportedCurrency, result.Error?.Code);
    }

    [Fact]
    public async Task an_overdue_session_reads_as_expired_refuses_a_pick_and_the_sweep_persists_it()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;
        var payment = (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;
        var events = new List<DomainEvent>();
        using var _ = _core.Get<SessionNotifier>().Subscribe(session.Id, e =>
        {
            lock (events)
            {
                events.Add(e);
            }

            return Task.CompletedTask;
        });

        _core.Time.Advance(TimeSpan.FromMinutes(15));
        var now = _core.Time.GetUtcNow().UtcDateTime;
        Assert.Equal(PaymentStatus.Expired, (await Sessions.FindAsync(session.Id, null))!.StatusAt(now));
        Assert.Equal(ErrorCodes.SessionExpired, (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Error?.Code);

        Assert.Equal(1, await _core.Get<SessionSweeper>().SweepAsync());
        Assert.Equal(PaymentStatus.Expired, (await Sessions.FindAsync(session.Id, null))!.Status);
        var storedPayment = (await Sessions.FindPaymentAsync(payment.Id, null))!;
        Assert.Equal(PaymentStatus.Expired, storedPayment.Status);
        Assert.True(storedPayment.HoldsAmount, "a late transfer must still be matched during the monitoring window");
        await Eventually.Async(() => events.Any(e => e is SessionStatusChanged { To: PaymentStatus.Expired }));

        _core.Time.Advance(TimeSpan.FromDays(1));
        await _core.Get<SessionSweeper>().SweepAsync();
        Assert.False((await Sessions.FindPaymentAsync(payment.Id, null))!.HoldsAmount);
    }

    [Fact]
    public async Task a_canceled_session_takes_no_new_transaction()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await Sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;
        var payment = (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;

        Assert.True((await Sessions.CancelAsync(session.Id, merchant.MerchantId)).Ok);
        Assert.Equal(PaymentStatus.Canceled, (await Sessions.FindPaymentAsync(payment.Id, null))!.Status);
        Assert.Equal(ErrorCodes.SessionClosed, (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Error?.Code);
        Assert.Equal(ErrorCodes.SessionClosed, (await Sessions.CancelAsync(session.Id, merchant.MerchantId)).Error?.Code);
    }

    [Fact]
    public async Task another_merchant_cannot_see_or_touch_the_session()
    {
        var owner = await _core.NewMerchantAsync("Owner");
        var other = await _core.NewMerchantAsync("Other");
        var session = (await Sessions.CreateAsync(owner, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;

        Assert.Null(await Sessions.FindAsync(session.Id, other.MerchantId));
        Assert.Equal(ErrorCodes.NotFound, (await Sessions.PickAsync(session.Id, other.MerchantId, "USDC", "polygon")).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await Sessions.CancelAsync(session.Id, other.MerchantId)).Error?.Code);
    }

    [Fact]
    public async Task api_keys_are_stored_only_as_hashes_and_resolve_to_their_merchant()
    {
        var registry = _core.Get<MerchantRegistry>();
        var (merchant, keys) = await registry.CreateAsync("Hashed", [new WalletSpec("polygon", CoreHarness.MerchantWallet, ["USDC"])]);

        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var rows = await db.ApiKeys.Where(k => k.MerchantId == merchant.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.DoesNotContain(rows, r => r.Hash.Contains(keys.ApiKey[3..], StringComparison.Ordinal) || r.Hash == keys.ApiKey);
        var authenticate = _core.Get<AuthenticateApiKey>();
        Assert.Equal(merchant.Id, (await authenticate.ExecuteAsync(keys.ApiKey, ApiKeyKind.Secret))?.MerchantId);
        Assert.Null(await authenticate.ExecuteAsync(keys.ApiKey, ApiKeyKind.Publishable));
        Assert.Null(await authenticate.ExecuteAsync(keys.PublishableKey + "x", ApiKeyKind.Publishable));
    }

}
