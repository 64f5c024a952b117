using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Events;
using PaySessions.Core.History;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Tests.Webhooks;
using PaySessions.Core.Users;
using PaySessions.Core.Vouchers;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Tests.History;

/// <summary>Who did what, whose sale it is, and what the webhooks answered, as the timeline says it (no chain needed).</summary>
public sealed class TimelineActorsTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private LocalReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.StartAsync(configure: services => services.AddSingleton<IWebhookRenderer, IdsOnly>());
        _receiver = new LocalReceiver { Answer = _ => (204, null, TimeSpan.Zero) };
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _core.DisposeAsync();
    }

    private SessionService Sessions => _core.Get<SessionService>();

    private SessionTimeline Timeline => _core.Get<SessionTimeline>();

    [Fact]
    public async Task another_stores_session_reads_as_unknown()
    {
        var mine = await _core.NewMerchantAsync("Mine");
        var theirs = await _core.NewMerchantAsync("Theirs");
        var session = await SaleAsync(theirs);

        Assert.Null(await Timeline.FindAsync(mine.MerchantId, session.Id));
        Assert.Null(await Timeline.FindAsync(theirs.MerchantId, Guid.NewGuid()));
        Assert.Equal("Theirs", (await Timeline.FindAsync(theirs.MerchantId, session.Id))!.StoreName);
    }

    [Fact]
    public async Task a_cancel_names_the_person_with_their_role_or_the_key_by_its_label()
    {
        var store = await _core.NewMerchantAsync();
        var bob = await UserAsync(store.MerchantId, "bob", StoreRole.Manager);
        var key = (await _core.Get<CreateApiKey>().ExecuteAsync(store.MerchantId, ApiKeyKind.Secret, "Web shop")).Value!;
        var byBob = await SaleAsync(store);
        var byKey = await SaleAsync(store);
        await Sessions.PickAsync(byBob.Id, null, "USDC", "polygon");

        await Sessions.CancelAsync(byBob.Id, store.MerchantId, actor: Actors.User(bob));
        await Sessions.CancelAsync(byKey.Id, store.MerchantId, actor: Actors.Key(key.View.Id));

        var bobs = (await Timeline.FindAsync(store.MerchantId, byBob.Id))!.Entries;
        var canceled = Assert.Single(bobs, e => e.Text.StartsWith("Canceled", StringComparison.Ordinal));
        Assert.Equal((TimelineKind.Manual, "Canceled by bob (manager)", "bob (manager)"), (canceled.Kind, canceled.Text, canceled.By));
        Assert.DoesNotContain(bobs, e => e.Text.Contains("USDC on Polygon canceled", StringComparison.Ordinal));
        var keys = (await Timeline.FindAsync(store.MerchantId, byKey.Id))!.Entries;
        Assert.Contains($"Canceled by the key “Web shop” ({key.View.Prefix}…)", keys.Select(e => e.Text));
    }

    [Fact]
    public async Task switching_assets_shows_the_dropped_payment_and_the_new_choice_each_with_its_payment()
    {
        var store = await _core.NewMerchantAsync();
        var session = await SaleAsync(store);
        var first = (await Sessions.PickAsync(session.Id, null, "USDC", "polygon")).Value!;
        var second = (await Sessions.PickAsync(session.Id, null, "EURC", "polygon")).Value!;

        var history = (await Timeline.FindAsync(store.MerchantId, session.Id))!;

        Assert.Equal([first.Id, second.Id], history.Payments.Select(p => p.Id));
        Assert.Equal(
            [
                (null, "Session created for 12.50 USD"),
                (first.Id, $"Customer chose USDC on Polygon — {Amount(first)} USDC at 1 USD"),
                (first.Id, "USDC on Polygon canceled"),
                (second.Id, $"Customer chose EURC on Polygon — {Amount(second)} EURC at 1.25 USD"),
            ],
            history.Entries.Select(e => (e.PaymentId, e.Text)));
        Assert.Equal("1 EURC = 1.25 USD", history.Payments[1].RateText);
    }

    [Fact]
    public async Task each_webhook_delivery_shows_after_its_event_with_the_answer_and_the_attempts()
    {
        var store = await _core.NewMerchantAsync();
        var endpoint = await _core.Get<CreateWebhookEndpoint>().ExecuteAsync(store.MerchantId, WebhookFormat.Standard, _receiver.Url, ["session.created", "session.canceled"], "orders");
        Assert.True(endpoint.Ok, endpoint.Error?.Message);
        var session = await SaleAsync(store);
        await _core.Get<WebhookSender>().SendDueAsync(CancellationToken.None);
        await Sessions.CancelAsync(session.Id, store.MerchantId);

        var history = (await Timeline.FindAsync(store.MerchantId, session.Id))!;

        Assert.Equal(
            [
                (TimelineKind.Created, "Session created for 12.50 USD"),
                (TimelineKind.Webhook, "Webhook session.created → delivered (HTTP 204, 1 attempt)"),
                (TimelineKind.Status, "Canceled"),
                (TimelineKind.Webhook, "Webhook session.canceled → waiting to be sent"),
            ],
            history.Entries.Select(e => (e.Kind, e.Text)));
    }

    private async Task<PaySession> SaleAsync(MerchantCaller store) =>
        (await Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 12.5m, AmountCurrency: "USD"))).Value!;

    private async Task<Guid> UserAsync(Guid storeId, string name, StoreRole role)
    {
        await using var scope = _core.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(storeId, name, "a long enough secret", role);
        Assert.True(added.Ok, added.Error?.Message);
        return added.Value.Id;
    }

    private static string Amount(Payment payment) => PaySessions.Core.Chain.TokenAmount.Format(payment.Amount, payment.Decimals);

    /// <summary>The POS renders the API's resources; the timeline only needs deliveries to exist.</summary>
    private sealed class IdsOnly : IWebhookRenderer
    {
        public string Session(PaySession session, DateTime now) => $"{{\"session\":\"{session.Id}\"}}";

        public string Transaction(Payment payment, PaySession session, DateTime now) => $"{{\"transaction\":\"{payment.Id}\"}}";

        public string Voucher(VoucherView voucher) => $"{{\"voucher\":\"{voucher.Voucher.PublicId}\"}}";

        public string VoucherSession(VoucherSession session) => $"{{\"voucherSession\":\"{session.PublicId}\"}}";

        public string CheckoutStatus(Payment payment, PaySession session, DateTime at) => $"{{\"transaction\":\"{payment.Id}\"}}";
    }
}
