using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Api;

public sealed class SessionsApiTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private static readonly string[] SessionFields =
    [
        "createdAt", "updatedAt", "sessionID", "merchantID", "accountID", "descriptor", "externalMID",
        "referenceNumber", "amount", "amountCurrency", "qrData", "status", "expiration", "transactionID",
    ];

    private TestPos Pos => fixture.Pos;

    [Fact]
    public async Task create_with_publishable_key_returns_session_id_and_checkout_url()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        var created = await (await client.PostJsonAsync("/session",
            """{ "descriptor": "Brimspire: Test!", "referenceNumber": "d83fba40", "amount": 0.01, "amountCurrency": "USD" }""")).JsonAsync();

        var sessionId = created.GetProperty("sessionID").GetString()!;
        Assert.True(Guid.TryParse(sessionId, out _));
        Assert.Equal($"{Pos.BaseUrl}/pay/{sessionId}", created.GetProperty("qrData").GetString());
        Assert.Equal(2, created.EnumerateObject().Count());
        Assert.Equal((1, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Fact]
    public async Task get_session_returns_exactly_the_documented_fields()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        var created = await (await client.PostJsonAsync("/session",
            """{ "descriptor": "Latte", "referenceNumber": "R-42", "amount": 12.5, "amountCurrency": "EUR" }""")).JsonAsync();
        var sessionId = created.GetProperty("sessionID").GetString();

        var session = await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();

        Assert.Equal(SessionFields.Order(), session.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(sessionId, session.GetProperty("sessionID").GetString());
        Assert.Equal(merchant.Id.ToString(), session.GetProperty("merchantID").GetString());
        Assert.Equal(merchant.AccountId.ToString(), session.GetProperty("accountID").GetString());
        Assert.Equal("Latte", session.GetProperty("descriptor").GetString());
        Assert.Equal("R-42", session.GetProperty("referenceNumber").GetString());
        Assert.Equal(12.5m, session.GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", session.GetProperty("amountCurrency").GetString());
        Assert.Equal(created.GetProperty("qrData").GetString(), session.GetProperty("qrData").GetString());
        Assert.Equal(0, session.GetProperty("status").GetInt32());
        Assert.Equal("", session.GetProperty("transactionID").GetString());
        Assert.EndsWith("Z", session.GetProperty("createdAt").GetString());
        var createdAt = session.GetProperty("createdAt").GetDateTime();
        Assert.Equal(createdAt.AddMinutes(15), session.GetProperty("expiration").GetDateTime());
    }

    [Fact]
    public async Task assets_list_every_accepted_token_with_chain_details()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync(10m, "USD");

        var assets = await (await client.GetAsync($"/session/{sessionId}/assets")).JsonAsync();

        var byAsset = assets.EnumerateArray().ToDictionary(a => a.GetProperty("asset").GetString()!);
        Assert.Equal(["EURC", "USDC", "USDT"], byAsset.Keys.Order());
        var usdc = byAsset["USDC"];
        Assert.Equal("polygon", usdc.GetProperty("network").GetString());
        Assert.Equal(137, usdc.GetProperty("chainId").GetInt64());
        Assert.Equal(TestNetworks.Usdc, usdc.GetProperty("tokenAddress").GetString());
        Assert.Equal(6, usdc.GetProperty("decimals").GetInt32());
        Assert.Equal("10", usdc.GetProperty("estimatedAmount").GetString());
        Assert.Equal("8", byAsset["EURC"].GetProperty("estimatedAmount").GetString());
    }

    [Fact]
    public async Task picking_an_asset_creates_a_transaction_with_a_unique_amount_and_eip681_uri()
    {
        var (_, keys) = await Pos.NewMerchantAsync(wallet: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync(12.34m, "USD");

        var tx = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).JsonAsync();

        var transactionId = tx.GetProperty("transactionID").GetString()!;
        Assert.True(Guid.TryParse(transactionId, out _));
        Assert.Equal("USDC", tx.GetProperty("asset").GetString());
        Assert.Equal("polygon", tx.GetProperty("network").GetString());
        Assert.Equal(137, tx.GetProperty("chainId").GetInt64());
        Assert.Equal("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", tx.GetProperty("address").GetString());
        Assert.Equal(TestNetworks.Usdc, tx.GetProperty("tokenAddress").GetString());
        var assetAmount = decimal.Parse(tx.GetProperty("assetAmount").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(assetAmount, 12.340001m, 12.349999m);
        var baseUnits = new BigInteger(assetAmount * 1_000_000m);
        Assert.Equal(
            $"ethereum:{TestNetworks.Usdc}@137/transfer?address=0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc&uint256={baseUnits}",
            tx.GetProperty("uri").GetString());
        Assert.Equal(0, tx.GetProperty("status").GetInt32());

        var session = await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();
        Assert.Equal(transactionId, session.GetProperty("transactionID").GetString());
        var fetched = await (await client.GetAsync($"/transaction/{transactionId}")).JsonAsync();
        Assert.Equal(tx.GetProperty("assetAmount").GetString(), fetched.GetProperty("assetAmount").GetString());
        Assert.Equal(0, fetched.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task open_payments_to_one_wallet_at_the_same_price_never_share_an_amount()
    {
        var (_, keys) = await Pos.NewMerchantAsync(wallet: "0x90f79bf6eb2c4f870365e785982e1f101e93b906");
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        var amounts = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var sessionId = await client.CreateSessionAsync(5m, "USD");
            var tx = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).JsonAsync();
            amounts.Add(tx.GetProperty("assetAmount").GetString()!);
        }

        Assert.Equal(20, amounts.Distinct().Count());
    }

    [Fact]
    public async Task picking_again_cancels_the_previous_transaction()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync();
        var first = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).JsonAsync();
        var second = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "EURC", "network": "polygon" }""")).JsonAsync();

        var old = await (await client.GetAsync($"/transaction/{first.GetProperty("transactionID").GetString()}")).JsonAsync();
        Assert.Equal(3, old.GetProperty("status").GetInt32());
        var session = await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();
        Assert.Equal(second.GetProperty("transactionID").GetString(), session.GetProperty("transactionID").GetString());
    }

    [Fact]
    public async Task the_secret_key_may_set_an_fx_rate_that_prices_other_pegged_assets()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(apiKey: keys.ApiKey);
        var created = await (await client.PostJsonAsync("/session", """{ "amount": 100, "amountCurrency": "GBP", "fxRate": 1.3 }""")).JsonAsync();
        var sessionId = created.GetProperty("sessionID").GetString();

        var tx = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDT", "network": "polygon" }""")).JsonAsync();

        Assert.StartsWith("130.00", tx.GetProperty("assetAmount").GetString()!.PadRight(7, '0'));
        Assert.Equal(1.3m, tx.GetProperty("rate").GetDecimal());
    }

    [Fact]
    public async Task after_expiration_reads_show_expired_and_a_pick_is_refused()
    {
        await using var pos = await TestPos.StartAsync();
        var (_, keys) = await pos.NewMerchantAsync();
        using var client = pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync();
        var tx = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).JsonAsync();

        pos.Time.Advance(TimeSpan.FromMinutes(15));

        var session = await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();
        Assert.Equal(5, session.GetProperty("status").GetInt32());
        var transaction = await (await client.GetAsync($"/transaction/{tx.GetProperty("transactionID").GetString()}")).JsonAsync();
        Assert.Equal(5, transaction.GetProperty("status").GetInt32());
        await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }"""))
            .ProblemAsync(HttpStatusCode.Gone, "session_expired");
    }

    [Fact]
    public async Task a_canceled_session_reads_canceled_and_refuses_a_pick()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(apiKey: keys.ApiKey);
        var sessionId = await client.CreateSessionAsync();

        var canceled = await (await client.PostAsync($"/session/{sessionId}/cancel", null)).JsonAsync();

        Assert.Equal(3, canceled.GetProperty("status").GetInt32());
        await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }"""))
            .ProblemAsync(HttpStatusCode.Conflict, "session_closed");
        await (await client.PostAsync($"/session/{sessionId}/cancel", null)).ProblemAsync(HttpStatusCode.Conflict, "session_closed");
    }

    [Fact]
    public async Task qr_data_uses_the_configured_public_base_url()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?> { ["Pos:PublicBaseUrl"] = "https://pay.example.test/" });
        var (_, keys) = await pos.NewMerchantAsync();
        using var client = pos.Client(publishableKey: keys.PublishableKey);

        var created = await (await client.PostAsJsonAsync("/session", new { amount = 1m, amountCurrency = "USD" })).JsonAsync();

        Assert.Equal($"https://pay.example.test/pay/{created.GetProperty("sessionID").GetString()}", created.GetProperty("qrData").GetString());
    }

    [Fact]
    public async Task made_up_keys_do_not_escape_the_per_address_ceiling()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?> { ["Pos:AddressPermitsPerMinute"] = "5" });
        using var anonymous = pos.Client();

        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/vouchers/contexts/context-open");
            request.Headers.Add("X-Api-Key", $"ak_random_{i}");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await anonymous.SendAsync(request)).StatusCode);
        }

        using var sixth = new HttpRequestMessage(HttpMethod.Post, "/api/v1/vouchers/contexts/context-open");
        sixth.Headers.Add("X-Api-Key", "ak_random_6");
        await (await anonymous.SendAsync(sixth)).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/pos")).StatusCode);
    }

    [Fact]
    public async Task the_public_api_is_rate_limited_per_key()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?> { ["Pos:ApiPermitsPerMinute"] = "3" });
        var (_, keys) = await pos.NewMerchantAsync();
        using var client = pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync();

        for (var i = 0; i < 2; i++)
        {
            await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();
        }

        await (await client.GetAsync($"/session/{sessionId}")).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        using var otherClient = pos.Client(publishableKey: (await pos.NewMerchantAsync("Other")).Keys.PublishableKey);
        await (await otherClient.GetAsync($"/session/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
