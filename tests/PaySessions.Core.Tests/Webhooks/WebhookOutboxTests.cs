using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Vouchers;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Tests.Webhooks;

/// <summary>The outbox filled by the event dispatcher and emptied by the sender, against a real local receiver and a hand-moved clock.</summary>
public sealed partial class WebhookOutboxTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private LocalReceiver _receiver = null!;
    private MerchantCaller _merchant = null!;

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.StartAsync(
            new Dictionary<string, string?> { ["Webhooks:Timeout"] = "00:00:01", ["Webhooks:DisableAfter"] = "30.00:00:00" },
            configure: services => services.AddSingleton<IWebhookRenderer, PlainRenderer>());
        _receiver = new LocalReceiver();
        _merchant = await _core.NewMerchantAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task an_event_queues_one_delivery_per_endpoint_in_the_same_save_and_other_stores_get_nothing()
    {
        var (first, _) = await EndpointAsync();
        var (second, _) = await EndpointAsync();
        var other = await _core.NewMerchantAsync("Other Shop");
        var session = await CreateSessionAsync(other);
        Assert.Empty(await DeliveriesAsync());

        session = await CreateSessionAsync(_merchant);

        await using var db = await Db();
        var created = await db.Events.SingleAsync(e => e.SessionId == session.Id && e.Type == "session.created");
        var deliveries = await db.WebhookDeliveries.OrderBy(d => d.Id).ToListAsync();
        Assert.Equal(2, deliveries.Count);
        Assert.Equal([first.Uuid, second.Uuid], deliveries.Select(d => d.EndpointId).Order());
        Assert.All(deliveries, d =>
        {
            Assert.Equal("session.created", d.Type);
            Assert.Equal(created.EventId, d.MessageId);
            Assert.Equal(WebhookDeliveryStatus.Pending, d.Status);
            Assert.StartsWith("{\"type\":\"session.created\",\"timestamp\":", d.Body);
            Assert.Contains($"\"data\":{{\"session\":\"{session.Id}\"", d.Body);
        });
    }

    [Fact]
    public async Task an_endpoint_gets_only_the_types_it_chose()
    {
        await EndpointAsync(["session.canceled"]);
        var session = await CreateSessionAsync(_merchant);
        await _core.Get<SessionService>().PickAsync(session.Id, _merchant.MerchantId, "USDC", "polygon");
        await _core.Get<SessionService>().CancelAsync(session.Id, _merchant.MerchantId);

        Assert.Equal(["session.canceled"], (await DeliveriesAsync()).Select(d => d.Type));
    }

    [Fact]
    public async Task the_sender_posts_in_order_signed_with_the_endpoint_secret_under_the_message_id()
    {
        var (endpoint, secret) = await EndpointAsync();
        var session = await CreateSessionAsync(_merchant);
        await _core.Get<SessionService>().PickAsync(session.Id, _merchant.MerchantId, "USDC", "polygon");
        await _core.Get<SessionService>().CancelAsync(session.Id, _merchant.MerchantId);

        await SendAsync();

        var requests = _receiver.Requests;
        var deliveries = await DeliveriesAsync();
        Assert.Equal(["session.created", "transaction.created", "session.canceled"], deliveries.Select(d => d.Type));
        Assert.Equal(deliveries.Select(d => d.Body), requests.Select(r => r.Body));
        Assert.Equal(deliveries.Select(d => d.MessageId.ToString()), requests.Select(r => r.Headers["webhook-id"]));
        Assert.All(requests, r =>
        {
            var timestamp = long.Parse(r.Headers["webhook-timestamp"]);
            Assert.Equal(_core.Time.GetUtcNow().ToUnixTimeSeconds(), timestamp);
            Assert.Equal(WebhookSignature.Sign(secret, r.Headers["webhook-id"], timestamp, r.Body), r.Headers["webhook-signature"]);
            Assert.StartsWith("application/json", r.Headers["content-type"]);
        });
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));
        Assert.Null((await _core.Get<WebhookReads>().EndpointAsync(_merchant.MerchantId, endpoint.Id))!.FailingSince);
    }

    [Fact]
    public async Task deleting_an_endpoint_cancels_what_waits_for_it_and_queues_nothing_more()
    {
        var (endpoint, _) = await EndpointAsync();
        await CreateSessionAsync(_merchant);

        Assert.True((await _core.Get<ChangeWebhookEndpoint>().DeleteAsync(_merchant.MerchantId, endpoint.Id)).Ok);
        await CreateSessionAsync(_merchant);
        await SendAsync();

        Assert.Equal([WebhookDeliveryStatus.Canceled], (await DeliveriesAsync()).Select(d => d.Status));
        Assert.Empty(_receiver.Requests);
        Assert.Empty(await _core.Get<WebhookReads>().EndpointsAsync(_merchant.MerchantId));
    }

    [Fact]
    public async Task a_rotated_secret_signs_the_next_attempt()
    {
        var (endpoint, old) = await EndpointAsync();
        var rotated = await _core.Get<ChangeWebhookEndpoint>().RotateSecretAsync(_merchant.MerchantId, endpoint.Id);
        await CreateSessionAsync(_merchant);
        await SendAsync();

        var request = _receiver.Requests.Single();
        var timestamp = long.Parse(request.Headers["webhook-timestamp"]);
        Assert.NotEqual(old, rotated.Value!.Secret);
        Assert.Equal(WebhookSignature.Sign(rotated.Value!.Secret, request.Headers["webhook-id"], timestamp, request.Body), request.Headers["webhook-signature"]);
    }

    [Fact]
    public async Task registration_refuses_unknown_types_an_empty_list_and_a_bad_url_and_writes_nothing()
    {
        var create = _core.Get<CreateWebhookEndpoint>();
        var unknown = await create.ExecuteAsync(_merchant.MerchantId, WebhookFormat.Standard, _receiver.Url, ["session.exploded"], null);
        var empty = await create.ExecuteAsync(_merchant.MerchantId, WebhookFormat.Standard, _receiver.Url, [], null);
        var badUrl = await create.ExecuteAsync(_merchant.MerchantId, WebhookFormat.Standard, "ftp://example.com/x", null, null);

        Assert.Contains("events", unknown.Error!.Fields!.Keys);
        Assert.Contains("events", empty.Error!.Fields!.Keys);
        Assert.Contains("url", badUrl.Error!.Fields!.Keys);
        await using var db = await Db();
        Assert.Equal(0, await db.WebhookEndpoints.CountAsync());
    }

    [Fact]
    public async Task the_secret_is_kept_sealed_and_one_an_older_version_kept_in_clear_text_is_sealed_at_start_and_still_signs()
    {
        var (endpoint, secret) = await EndpointAsync();
        await using (var db = await Db())
        {
            var stored = await db.WebhookEndpoints.Where(e => e.PublicId == endpoint.Id).Select(e => e.Secret).SingleAsync();
            Assert.True(SealedSecrets.IsSealed(stored));
            Assert.DoesNotContain(secret[WebhookSignature.SecretPrefix.Length..], stored, StringComparison.Ordinal);
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE WebhookEndpoints SET Secret = {secret} WHERE PublicId = {endpoint.Id}");
        }

        await _core.Services.PreparePaySessionsAsync();

        await using (var db = await Db())
        {
            Assert.True(SealedSecrets.IsSealed(await db.WebhookEndpoints.Where(e => e.PublicId == endpoint.Id).Select(e => e.Secret).SingleAsync()));
        }

        await CreateSessionAsync(_merchant);
        await SendAsync();
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(WebhookSignature.Sign(secret, request.Headers["webhook-id"], long.Parse(request.Headers["webhook-timestamp"]), request.Body),
            request.Headers["webhook-signature"]);
    }

    private async Task<(WebhookEndpointView Endpoint, string Secret)> EndpointAsync(IReadOnlyList<string?>? events = null)
    {
        var created = await _core.Get<CreateWebhookEndpoint>().ExecuteAsync(_merchant.MerchantId, WebhookFormat.Standard, _receiver.Url, events, "test");
        Assert.True(created.Ok, created.Error?.Message);
        return (created.Value.Endpoint, created.Value.Secret);
    }

    private async Task<PaySession> CreateSessionAsync(MerchantCaller merchant)
    {
        var created = await _core.Get<SessionService>().CreateAsync(merchant, new CreateSessionRequest(Amount: 12.5m, AmountCurrency: "USD"));
        Assert.True(created.Ok);
        return created.Value;
    }

    private Task<DateTime?> SendAsync() => _core.Get<WebhookSender>().SendDueAsync(CancellationToken.None);

    private async Task<List<WebhookDelivery>> DeliveriesAsync()
    {
        await using var db = await Db();
        return await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    private Task<PayDbContext> Db() => _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();

    private DateTime Now() => _core.Time.GetUtcNow().UtcDateTime;

    private static string TypeOf(LocalReceiver.Received request) =>
        System.Text.Json.JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString()!;

    /// <summary>Stands in for the API's contracts (the POS renders the real ones): enough to tell resources apart.</summary>
    private sealed class PlainRenderer : IWebhookRenderer
    {
        public string Session(PaySession session, DateTime now) => $"{{\"session\":\"{session.Id}\",\"status\":{(int)session.StatusAt(now)}}}";

        public string Transaction(Payment payment, PaySession session, DateTime now) => $"{{\"transaction\":\"{payment.Id}\",\"status\":{(int)payment.StatusAt(now)}}}";

        public string Voucher(VoucherView voucher) => $"{{\"voucher\":\"{voucher.Voucher.PublicId}\"}}";

        public string VoucherSession(VoucherSession session) => $"{{\"voucherSession\":\"{session.PublicId}\"}}";

        public string CheckoutStatus(Payment payment, PaySession session, DateTime at) => $"{{\"transaction\":\"{payment.Id}\",\"status\":{(int)payment.Status}}}";
    }
}
