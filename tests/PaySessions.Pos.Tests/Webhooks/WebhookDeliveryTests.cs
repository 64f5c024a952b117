using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Webhooks;

/// <summary>
/// Webhooks end to end: the app on its dev chain, a customer paying on chain, and a receiver in Node that verifies
/// every delivery with the standardwebhooks library, as integrators run it.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Wallet = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    private TestPos _pos = null!;
    private WebhookReceiver _receiver = null!;
    private Merchant _merchant = null!;
    private HttpClient _api = null!;
    private string _apiKey = "";

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(TestPos.WithDevChain) { ["Webhooks:RetrySchedule"] = "00:00:01, 00:00:01, 00:00:01" };
        _pos = await TestPos.StartAsync(settings);
        _receiver = await WebhookReceiver.StartAsync();
        (_merchant, var keys) = await _pos.NewMerchantAsync("Hooked Shop", Wallet);
        _api = _pos.Client(apiKey: keys.ApiKey);
        _apiKey = keys.ApiKey;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _receiver.DisposeAsync();
        await _pos.DisposeAsync();
    }

    [Fact]
    public async Task a_paid_session_reaches_both_formats_verified_in_order_with_the_api_resources_as_data()
    {
        var standard = await RegisterAsync("/standard");
        var created = await (await _api.PostAsJsonAsync($"/accounts/{_merchant.AccountId}/webhooks", new { name = "Order system", url = _receiver.Url("/checkout") })).JsonAsync();
        Assert.True(Guid.TryParse(created.GetProperty("uuid").GetString(), out _));
        Assert.Equal("Order system", created.GetProperty("name").GetString());
        await _receiver.SetSecretAsync("/checkout", created.GetProperty("secret").GetString()!);

        var session = await (await _api.PostAsJsonAsync("/session", new { amount = 10m, amountCurrency = "USD", referenceNumber = "order-77" })).JsonAsync();
        var sessionId = session.GetProperty("sessionID").GetString()!;
        var transaction = await (await _api.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
        var transactionId = transaction.GetProperty("transactionID").GetString()!;
        await _pos.PayAsync(TestNetworks.Usdc, Wallet, BigInteger.Parse(transaction.GetProperty("uri").GetString()!.Split("uint256=")[1]));
        await _pos.MineAsync(2);

        var received = await _receiver.WaitForAsync("/standard", r => r.Count >= 4, TimeSpan.FromSeconds(30));
        Assert.All(received, r => Assert.True(r.Verified, r.Error));
        Assert.Equal(["session.created", "transaction.created", "transaction.processing", "transaction.succeeded"], received.Select(r => r.Type));
        Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());
        var sessionData = received[0].Body.GetProperty("data");
        var apiSession = await (await _api.GetAsync($"/session/{sessionId}")).JsonAsync();
        Assert.Equal(Names(apiSession), Names(sessionData));
        Assert.Equal(sessionId, sessionData.GetProperty("sessionID").GetString());
        Assert.Equal(apiSession.GetProperty("qrData").GetString(), sessionData.GetProperty("qrData").GetString());
        var settled = received[3].Body.GetProperty("data");
        var apiTransaction = await (await _api.GetAsync($"/transaction/{transactionId}")).JsonAsync();
        Assert.Equal(apiTransaction.GetRawText(), settled.GetRawText());
        Assert.Equal(1, settled.GetProperty("status").GetInt32());

        var checkout = await _receiver.WaitForAsync("/checkout", r => r.Count >= 2, TimeSpan.FromSeconds(30));
        Assert.All(checkout, r => Assert.True(r.Verified, r.Error));
        Assert.Equal([2, 1], checkout.Select(r => r.Body.GetProperty("status").GetInt32()));
        var last = checkout[1].Body;
        Assert.Equal(["accountID", "lydianpayTransactionID", "merchantTransactionID", "status", "timestamp", "merchantID"], Names(last));
        Assert.Equal(_merchant.AccountId.ToString(), last.GetProperty("accountID").GetString());
        Assert.Equal(_merchant.Id.ToString(), last.GetProperty("merchantID").GetString());
        Assert.Equal(transactionId, last.GetProperty("lydianpayTransactionID").GetString());
        Assert.Equal("order-77", last.GetProperty("merchantTransactionID").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$", last.GetProperty("timestamp").GetString());

        var log = await (await _api.GetAsync($"/webhooks/{standard}/deliveries")).JsonAsync();
        Assert.Equal(["delivered", "delivered", "delivered", "delivered"], log.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("status").GetString()));
        Assert.Equal(received.Select(r => r.Id).Reverse(), log.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("messageId").GetString()));
    }

    [Fact]
    public async Task a_receiver_down_for_a_while_gets_everything_in_order_once_it_is_back()
    {
        var endpoint = await RegisterAsync("/orders");
        await _receiver.StopAsync();
        var sessions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await _api.CreateSessionAsync(5m + i));
        }

        await Eventually.Async(async () =>
        {
            var log = await (await _api.GetAsync($"/webhooks/{endpoint}/deliveries?status=pending")).JsonAsync();
            var oldest = log.GetProperty("data").EnumerateArray().Last();
            Assert.True(oldest.GetProperty("attempts").GetInt32() >= 1);
            Assert.False(string.IsNullOrEmpty(oldest.GetProperty("lastError").GetString()));
        });

        await _receiver.RestartAsync();
        _pos.Time.Advance(TimeSpan.FromSeconds(2));
        var received = await _receiver.WaitForAsync("/orders", r => r.Count >= 3, TimeSpan.FromSeconds(30));

        Assert.All(received, r => Assert.True(r.Verified, r.Error));
        Assert.Equal(sessions, received.Select(r => r.Body.GetProperty("data").GetProperty("sessionID").GetString()));
    }

    [Fact]
    public async Task a_refused_delivery_is_retried_by_hand_with_the_same_id_and_body()
    {
        var endpoint = await RegisterAsync("/refusing");
        await _receiver.SetModeAsync("/refusing", 422);
        await _api.CreateSessionAsync();
        var failed = await Eventually.Async(async () =>
        {
            var log = await (await _api.GetAsync($"/webhooks/{endpoint}/deliveries?status=failed")).JsonAsync();
            return Assert.Single(log.GetProperty("data").EnumerateArray());
        });
        Assert.Equal(422, failed.GetProperty("lastStatusCode").GetInt32());
        var deliveryId = failed.GetProperty("id").GetString()!;

        await _receiver.ClearModeAsync("/refusing");
        await (await _api.PostAsync($"/webhooks/deliveries/{deliveryId}/retry", null)).JsonAsync();
        var received = await _receiver.WaitForAsync("/refusing", r => r.Count >= 2, TimeSpan.FromSeconds(30));

        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body.GetRawText(), received[1].Body.GetRawText());
        Assert.True(received[1].Verified);
        // The receiver has the request before the sender has stored its answer: the attempt shows up a moment later.
        await Eventually.Async(async () =>
        {
            var attempts = await (await _api.GetAsync($"/webhooks/deliveries/{deliveryId}/attempts")).JsonAsync();
            Assert.Equal([422, 204], attempts.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        });
        await (await _api.PostAsync($"/webhooks/deliveries/{deliveryId}/retry", null)).ProblemAsync(HttpStatusCode.Conflict, "already_delivered");
    }

    [Fact]
    public async Task endpoints_are_managed_with_the_secret_key_of_their_own_store_only()
    {
        var endpoint = await RegisterAsync("/managed");
        var (_, theirKeys) = await _pos.NewMerchantAsync("Other Shop");
        using var them = _pos.Client(apiKey: theirKeys.ApiKey);
        using var publishable = _pos.Client(publishableKey: theirKeys.PublishableKey);
        using var anonymous = _pos.Client();

        await (await anonymous.GetAsync("/webhooks")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await publishable.GetAsync("/webhooks")).ProblemAsync(HttpStatusCode.Forbidden, "api_key_required");
        Assert.Empty((await (await them.GetAsync("/webhooks")).JsonAsync()).GetProperty("data").EnumerateArray());
        await (await them.DeleteAsync($"/webhooks/{endpoint}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await them.PostAsync($"/webhooks/{endpoint}/rotate-secret", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await them.GetAsync($"/webhooks/{endpoint}/deliveries")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await them.PostAsJsonAsync($"/accounts/{_merchant.AccountId}/webhooks", new { name = "x", url = _receiver.Url("/x") })).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        var listed = Assert.Single((await (await _api.GetAsync("/webhooks")).JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Equal(endpoint, listed.GetProperty("id").GetString());
        Assert.Equal("active", listed.GetProperty("status").GetString());
        Assert.False(listed.TryGetProperty("secret", out _));

        var rotated = await (await _api.PostAsync($"/webhooks/{endpoint}/rotate-secret", null)).JsonAsync();
        Assert.StartsWith("whsec_", rotated.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/webhooks/{endpoint}")).StatusCode);
        Assert.Empty((await (await _api.GetAsync("/webhooks")).JsonAsync()).GetProperty("data").EnumerateArray());
        await (await _api.DeleteAsync($"/webhooks/{endpoint}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("""{"url":"ftp://example.com/hook"}""", "url")]
    [InlineData("""{"url":"http://user:pass@example.com/hook"}""", "url")]
    [InlineData("""{"url":"https://hooks.invalid/x","events":["session.created"]}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","events":["session.exploded"]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","events":[]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1:9/x","events":[1]}""", null)]
    [InlineData("""{"url":"http://127.0.0.1:9/x","description":"line\nbreak"}""", "description")]
    [InlineData("""{"url":42}""", null)]
    public async Task a_bad_registration_is_refused_with_a_clear_error_and_creates_nothing(string body, string? field)
    {
        var response = await _api.PostJsonAsync("/webhooks", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        }

        Assert.Empty((await (await _api.GetAsync("/webhooks")).JsonAsync()).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task a_standalone_voucher_reports_its_reservation_redemption_and_negotiation_with_the_voucher_as_data()
    {
        await RegisterAsync("/vouchers");
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(_apiKey, code);
        var id = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody("EURC", TestNetworks.Eurc, "10", Wallet));
        await payer.PostAsync($"/api/v1/vouchers/{id}/negotiate-voucher",
            $$"""{ "suppliedPayment": { "network": "polygon", "currency": "USDC", "currencyAddress": "{{TestNetworks.Usdc}}", "amount": "12.5", "wallet": { "address": "{{PaySessions.Core.DevChain.DemoCustomer.Address}}" } } }""");

        var received = await _receiver.WaitForAsync("/vouchers", r => r.Count(w => w.Type?.StartsWith("voucher.", StringComparison.Ordinal) == true) >= 3, TimeSpan.FromSeconds(30));
        Assert.All(received, r => Assert.True(r.Verified, r.Error));
        var vouchers = received.Where(r => r.Type?.StartsWith("voucher.", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["voucher.reserved", "voucher.redeemed", "voucher.negotiated"], vouchers.Select(r => r.Type));
        Assert.All(vouchers, r => Assert.Equal(id, r.Body.GetProperty("data").GetProperty("id").GetString()));
        Assert.All(vouchers, r => Assert.False(r.Body.GetProperty("data").TryGetProperty("sessionId", out _)));
        var negotiated = vouchers[2].Body.GetProperty("data");
        Assert.Equal(("EURC", "USDC", "12.5"), (negotiated.GetProperty("expectedPayment").GetProperty("currency").GetString(),
            negotiated.GetProperty("suppliedPayment").GetProperty("currency").GetString(), negotiated.GetProperty("suppliedPayment").GetProperty("amount").GetString()));
    }

    private async Task<string> RegisterAsync(string path)
    {
        var created = await (await _api.PostAsJsonAsync("/webhooks", new { url = _receiver.Url(path), description = "tests" })).JsonAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.StartsWith("wh_", created.GetProperty("id").GetString());
        await _receiver.SetSecretAsync(path, secret);
        return created.GetProperty("id").GetString()!;
    }

    private static List<string> Names(JsonElement json) => json.EnumerateObject().Select(p => p.Name).ToList();
}
