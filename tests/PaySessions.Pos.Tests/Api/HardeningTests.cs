using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>Small things an attacker or an unlucky client tries first: unknown links, broken bodies, content sniffing.</summary>
public sealed class HardeningTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync();

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task an_unknown_checkout_link_answers_not_found_with_the_explanation()
    {
        using var client = _pos.Client();
        using var response = await client.GetAsync($"/pay/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("data-testid=\"checkout-missing\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{ "format": "numeric" }""")]
    [InlineData("""{ "format": "hex", "payers": [ { "address": "0x1234567890abcdef1234567890abcdef12345678" } ] }""")]
    [InlineData("""{ "format": "numeric", "payers": [] }""")]
    [InlineData("""{ "format": "numeric", "payers": [ { "address": "0x12" } ] }""")]
    [InlineData("""{ "format": "numeric", "payers": [ { "address": "0x1234567890abcdef1234567890abcdef12345678" }, null ] }""")]
    [InlineData("eleven payers")]
    public async Task a_malformed_context_open_body_is_refused_and_opens_nothing(string body)
    {
        if (body == "eleven payers")
        {
            var payers = Enumerable.Range(1, 11).Select(i => $$"""{ "address": "0x{{i:x40}}" }""");
            body = $$"""{ "format": "numeric", "payers": [ {{string.Join(", ", payers)}} ] }""";
        }

        using var client = _pos.Client();
        using var response = await client.PostAsync("/api/v1/vouchers/contexts/context-open", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = await _pos.Services.GetRequiredService<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.VoucherContexts.CountAsync());
        Assert.Equal(0, await db.AccessTokens.CountAsync());
        using var wellFormed = await client.PostAsync("/api/v1/vouchers/contexts/context-open", new StringContent(
            """{ "format": "numeric", "payers": [ { "address": "0x1234567890abcdef1234567890abcdef12345678" } ] }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, wellFormed.StatusCode);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/session/00000000-0000-0000-0000-000000000000")]
    [InlineData("/css/app.css")]
    public async Task every_response_forbids_content_sniffing_and_keeps_paths_out_of_referrers(string path)
    {
        using var client = _pos.Client();
        using var response = await client.GetAsync(path);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
    }
}
