using System.Net;
using System.Text.Json;
using PaySessions.Core.History;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>
/// The checkout vendor's browser-SDK calls: <c>POST /transaction</c> (a sale and its pick in one write) and
/// <c>PATCH /transaction/{id}/cancel</c> (cancel the sale by its transaction, with a reason for the timeline).
/// </summary>
public sealed class TransactionCallsTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private TestPos Pos => fixture.Pos;

    [Fact]
    public async Task one_call_opens_the_sale_and_its_transaction_and_answers_the_vendors_create_model()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        var created = await (await client.PostJsonAsync("/transaction",
            """{ "descriptor": "Flat white", "referenceNumber": "A-1002", "amount": 4.5, "amountCurrency": "USD", "asset": "USDC", "network": "polygon" }""")).JsonAsync();

        Assert.Equal(
            ["transactionID", "transactionId", "sessionID", "qrData", "assetAmount", "additionalCustomerFee", "address", "status", "requiredFields", "supportedDocumentTypes"],
            created.EnumerateObject().Select(p => p.Name));
        var transactionId = created.GetProperty("transactionID").GetString()!;
        Assert.Equal(transactionId, created.GetProperty("transactionId").GetString());
        Assert.Equal((JsonValueKind.Number, 0m, 0), (created.GetProperty("assetAmount").ValueKind, created.GetProperty("additionalCustomerFee").GetDecimal(), created.GetProperty("status").GetInt32()));
        Assert.Equal((0, 0), (created.GetProperty("requiredFields").GetArrayLength(), created.GetProperty("supportedDocumentTypes").GetArrayLength()));
        Assert.Equal((1, 1), await fixture.RowsAsync(merchant.Id));

        var transaction = await (await client.GetAsync($"/transaction/{transactionId}")).JsonAsync();
        Assert.Equal(transaction.GetProperty("uri").GetString(), created.GetProperty("qrData").GetString());
        Assert.Equal(decimal.Parse(transaction.GetProperty("assetAmount").GetString()!, System.Globalization.CultureInfo.InvariantCulture), created.GetProperty("assetAmount").GetDecimal());
        Assert.Equal(transaction.GetProperty("address").GetString(), created.GetProperty("address").GetString());
        Assert.Equal((4.5m, "USD", 4.5m), (transaction.GetProperty("amount").GetDecimal(), transaction.GetProperty("amountCurrency").GetString(), transaction.GetProperty("remainingBalance").GetDecimal()));
        var session = await (await client.GetAsync($"/session/{created.GetProperty("sessionID").GetString()}")).JsonAsync();
        Assert.Equal((transactionId, "A-1002", "Flat white", 0), (session.GetProperty("transactionID").GetString(), session.GetProperty("referenceNumber").GetString(),
            session.GetProperty("descriptor").GetString(), session.GetProperty("status").GetInt32()));
    }

    [Theory]
    [InlineData("""{ "amount": 4.5, "amountCurrency": "USD", "asset": "DOGE", "network": "polygon" }""", HttpStatusCode.BadRequest, "unsupported_asset")]
    [InlineData("""{ "amount": 4.5, "amountCurrency": "USD", "asset": "USDC", "network": "tron" }""", HttpStatusCode.BadRequest, "unsupported_asset")]
    [InlineData("""{ "amount": 4.5, "amountCurrency": "XXX", "asset": "USDC", "network": "polygon" }""", HttpStatusCode.BadRequest, "unsupported_currency")]
    [InlineData("""{ "amount": "4.5", "amountCurrency": "USD", "asset": "USDC", "network": "polygon" }""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{ "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed")]
    [InlineData("""{ "amount": 4.5, "amountCurrency": "USD", "fxRate": 1.1, "asset": "USDC", "network": "polygon" }""", HttpStatusCode.Forbidden, "fx_rate_requires_api_key")]
    [InlineData("not json", HttpStatusCode.BadRequest, "invalid_json")]
    public async Task a_refused_call_stores_neither_a_session_nor_a_transaction(string body, HttpStatusCode status, string code)
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        await (await client.PostJsonAsync("/transaction", body)).ProblemAsync(status, code);

        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Fact]
    public async Task every_field_error_of_the_sale_and_the_pick_comes_in_one_answer()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        var problem = await (await client.PostJsonAsync("/transaction", """{ "amount": -1, "amountCurrency": "USD" }""")).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["amount", "asset", "network"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task the_secret_key_may_set_the_fx_rate_that_prices_the_pick()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(apiKey: keys.ApiKey);

        var created = await (await client.PostJsonAsync("/transaction",
            """{ "amount": 100, "amountCurrency": "GBP", "fxRate": 1.3, "asset": "USDT", "network": "polygon" }""")).JsonAsync();

        Assert.InRange(created.GetProperty("assetAmount").GetDecimal(), 130m, 130.01m);
        var transaction = await (await client.GetAsync($"/transaction/{created.GetProperty("transactionID").GetString()}")).JsonAsync();
        Assert.Equal((1.3m, 100m, "GBP"), (transaction.GetProperty("rate").GetDecimal(), transaction.GetProperty("amount").GetDecimal(), transaction.GetProperty("amountCurrency").GetString()));
    }

    [Fact]
    public async Task cancel_by_transaction_cancels_the_sale_and_its_timeline_names_the_key_and_the_reason()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        var created = await (await client.PostJsonAsync("/transaction", """{ "amount": 3, "amountCurrency": "USD", "asset": "USDC", "network": "polygon" }""")).JsonAsync();
        var transactionId = created.GetProperty("transactionID").GetString();
        var sessionId = created.GetProperty("sessionID").GetString()!;

        var canceled = await (await client.PatchAsync($"/transaction/{transactionId}/cancel", Json("""{ "reason": "Customer left", "forfeit": true }"""))).JsonAsync();

        Assert.Equal((transactionId, 3), (canceled.GetProperty("transactionID").GetString(), canceled.GetProperty("status").GetInt32()));
        Assert.Equal(3, (await (await client.GetAsync($"/session/{sessionId}")).JsonAsync()).GetProperty("status").GetInt32());
        var timeline = (await Pos.Get<SessionTimeline>().FindAsync(merchant.Id, Guid.Parse(sessionId)))!.Entries;
        var line = Assert.Single(timeline, e => e.Text.StartsWith("Canceled", StringComparison.Ordinal));
        Assert.Matches("^Canceled by the key “.+” \\(pk_.+…\\): Customer left$", line.Text);
    }

    [Fact]
    public async Task cancel_is_refused_for_a_replaced_transaction_a_closed_sale_a_bad_reason_or_someone_elses()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        var (_, otherKeys) = await Pos.NewMerchantAsync("Other Shop");
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        using var other = Pos.Client(apiKey: otherKeys.ApiKey);
        var sessionId = await client.CreateSessionAsync();
        var first = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).JsonAsync();
        var second = await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "EURC", "network": "polygon" }""")).JsonAsync();
        string Cancel(JsonElement tx) => $"/transaction/{tx.GetProperty("transactionID").GetString()}/cancel";

        await (await client.PatchAsync(Cancel(first), Json("""{ "reason": "x" }"""))).ProblemAsync(HttpStatusCode.Conflict, "payment_closed");
        await (await client.PatchAsync(Cancel(second), Json($$"""{ "reason": "{{new string('r', 501)}}" }"""))).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await other.PatchAsync(Cancel(second), Json("""{ "reason": "x" }"""))).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PatchAsync($"/transaction/{Guid.NewGuid()}/cancel", Json("{}"))).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await client.GetAsync($"/session/{sessionId}")).JsonAsync()).GetProperty("status").GetInt32());

        await (await client.PatchAsync(Cancel(second), Json("{}"))).JsonAsync();
        await (await client.PatchAsync(Cancel(second), Json("""{ "reason": "again" }"""))).ProblemAsync(HttpStatusCode.Conflict, "session_closed");
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
