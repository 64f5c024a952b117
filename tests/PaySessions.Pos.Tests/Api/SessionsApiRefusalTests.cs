using System.Net;
using System.Net.Http.Json;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>Every bad request gets a 4xx problem with a stable code, and nothing is written.</summary>
public sealed class SessionsApiRefusalTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private TestPos Pos => fixture.Pos;

    public static TheoryData<string, HttpStatusCode, string, string?> BadCreateBodies => new()
    {
        { """{ "amount": 12.34, "amountCurrency": "USD" """, HttpStatusCode.BadRequest, "invalid_json", null },
        { "", HttpStatusCode.BadRequest, "invalid_json", null },
        { "not json", HttpStatusCode.BadRequest, "invalid_json", null },
        { "[1, 2]", HttpStatusCode.BadRequest, "validation_failed", null },
        { "null", HttpStatusCode.BadRequest, "validation_failed", null },
        { """{ "amount": "12.34", "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": true, "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": 12.34, "amountCurrency": 840 }""", HttpStatusCode.BadRequest, "validation_failed", "amountCurrency" },
        { """{ "amount": 12.34, "amountCurrency": "USD", "descriptor": 5 }""", HttpStatusCode.BadRequest, "validation_failed", "descriptor" },
        { """{ "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": null, "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": 0, "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": -5, "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": 1e300, "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": 1000000.01, "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": 12.345, "amountCurrency": "USD" }""", HttpStatusCode.BadRequest, "validation_failed", "amount" },
        { """{ "amount": 12 }""", HttpStatusCode.BadRequest, "validation_failed", "amountCurrency" },
        { """{ "amount": 12, "amountCurrency": "XYZ" }""", HttpStatusCode.BadRequest, "unsupported_currency", null },
        { """{ "amount": 12, "amountCurrency": "US Dollar" }""", HttpStatusCode.BadRequest, "unsupported_currency", null },
        { """{ "amount": 1200, "amountCurrency": "JPY" }""", HttpStatusCode.BadRequest, "unsupported_currency", null },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task a_bad_create_body_is_refused_and_stores_nothing(string body, HttpStatusCode status, string code, string? field)
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        var problem = await (await client.PostJsonAsync("/session", body)).ProblemAsync(status, code);

        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        }

        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Fact]
    public async Task oversized_text_fields_are_refused()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        var problem = await (await client.PostAsJsonAsync("/session", new { amount = 1m, amountCurrency = "USD", descriptor = new string('x', 129), referenceNumber = new string('r', 500) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.True(problem.GetProperty("errors").TryGetProperty("descriptor", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("referenceNumber", out _));
        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Fact]
    public async Task a_huge_body_is_refused_before_it_is_parsed()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        await (await client.PostJsonAsync("/session", $$"""{ "amount": 1, "amountCurrency": "USD", "descriptor": "{{new string('x', 20_000)}}" }"""))
            .ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Fact]
    public async Task a_non_json_content_type_is_refused()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        await (await client.PostJsonAsync("/session", "amount=1&amountCurrency=USD", "application/x-www-form-urlencoded"))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Fact]
    public async Task fx_rate_with_the_publishable_key_is_refused_with_the_reason()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);

        var problem = await (await client.PostJsonAsync("/session", """{ "amount": 10, "amountCurrency": "GBP", "fxRate": 1.27 }"""))
            .ProblemAsync(HttpStatusCode.Forbidden, "fx_rate_requires_api_key");

        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString());
        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.2")]
    [InlineData("\"1.2\"")]
    [InlineData("10000000")]
    [InlineData("1.0000000000001")]
    public async Task a_bad_fx_rate_with_the_api_key_is_refused(string rate)
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(apiKey: keys.ApiKey);

        await (await client.PostJsonAsync("/session", $$"""{ "amount": 10, "amountCurrency": "GBP", "fxRate": {{rate}} }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("X-Publishable-Key", "pk_0000000000000000000000000000000000000000")]
    [InlineData("X-Api-Key", "ak_0000000000000000000000000000000000000000")]
    [InlineData("X-Api-Key", "garbage")]
    public async Task a_missing_or_wrong_key_gets_401(string? header, string? key)
    {
        using var client = Pos.Client();
        if (header is not null)
        {
            client.DefaultRequestHeaders.Add(header, key);
        }

        await (await client.PostJsonAsync("/session", """{ "amount": 1, "amountCurrency": "USD" }""")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await client.GetAsync($"/session/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await client.GetAsync($"/transaction/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task a_publishable_key_presented_as_the_secret_key_is_refused()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(apiKey: keys.PublishableKey);

        await (await client.PostJsonAsync("/session", """{ "amount": 1, "amountCurrency": "USD" }""")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal((0, 0), await fixture.RowsAsync(merchant.Id));
    }

    [Fact]
    public async Task unknown_ids_and_other_merchants_sessions_are_not_found()
    {
        var (owner, ownerKeys) = await Pos.NewMerchantAsync("Owner");
        var (_, otherKeys) = await Pos.NewMerchantAsync("Other");
        using var ownerClient = Pos.Client(publishableKey: ownerKeys.PublishableKey);
        using var otherClient = Pos.Client(apiKey: otherKeys.ApiKey);
        var sessionId = await ownerClient.CreateSessionAsync();
        var tx = await (await ownerClient.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).JsonAsync();
        var transactionId = tx.GetProperty("transactionID").GetString();

        await (await otherClient.GetAsync($"/session/{sessionId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await otherClient.GetAsync($"/session/{sessionId}/assets")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await otherClient.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await otherClient.PostAsync($"/session/{sessionId}/cancel", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await otherClient.GetAsync($"/transaction/{transactionId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await ownerClient.GetAsync($"/session/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await ownerClient.GetAsync("/session/not-a-uuid")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await ownerClient.GetAsync("/transaction/12345")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal((1, 1), await fixture.RowsAsync(owner.Id));
    }

    public static TheoryData<string, HttpStatusCode, string> BadPickBodies => new()
    {
        { """{ "asset": "DOGE", "network": "polygon" }""", HttpStatusCode.BadRequest, "unsupported_asset" },
        { """{ "asset": "USDC", "network": "solana" }""", HttpStatusCode.BadRequest, "unsupported_asset" },
        { """{ "network": "polygon" }""", HttpStatusCode.BadRequest, "validation_failed" },
        { """{ "asset": "USDC" }""", HttpStatusCode.BadRequest, "validation_failed" },
        { """{ "asset": 1, "network": "polygon" }""", HttpStatusCode.BadRequest, "validation_failed" },
        { """{ "asset": "USDC", "network": "polygon" """, HttpStatusCode.BadRequest, "invalid_json" },
    };

    [Theory]
    [MemberData(nameof(BadPickBodies))]
    public async Task a_bad_pick_is_refused_and_creates_no_transaction(string body, HttpStatusCode status, string code)
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var client = Pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync();

        await (await client.PostJsonAsync($"/session/{sessionId}/transaction", body)).ProblemAsync(status, code);

        Assert.Equal((1, 0), await fixture.RowsAsync(merchant.Id));
        var session = await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();
        Assert.Equal("", session.GetProperty("transactionID").GetString());
    }
}
