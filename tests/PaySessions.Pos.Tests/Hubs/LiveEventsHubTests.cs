using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Hubs;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Hubs;

/// <summary>
/// <c>/hubs/events</c> as integrators use it, through the <c>@microsoft/signalr</c> npm client: a customer display
/// follows one session with a live token, a merchant's back end follows its store with the secret key, and each hears
/// its own events only.
/// </summary>
public sealed class LiveEventsHubTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private TestPos Pos => fixture.Pos;

    private string HubUrl => Pos.BaseUrl.TrimEnd('/') + LiveEventsHub.Path;

    [Fact]
    public async Task a_display_hears_only_its_session_and_a_back_end_only_its_store()
    {
        var (shopA, keysA) = await Pos.NewMerchantAsync("Shop A");
        var (shopB, keysB) = await Pos.NewMerchantAsync("Shop B");
        using var tillA = Pos.Client(publishableKey: keysA.PublishableKey);
        using var serverB = Pos.Client(apiKey: keysB.ApiKey);
        var saleA = await tillA.CreateSessionAsync();
        var saleB = await serverB.CreateSessionAsync();

        await using var displayA = await HubClient.StartAsync(HubUrl, await LiveTokenAsync(tillA, saleA));
        await using var displayB = await HubClient.StartAsync(HubUrl, await LiveTokenAsync(serverB, saleB));
        await using var backEndA = await HubClient.StartAsync(HubUrl, keysA.ApiKey);
        await using var backEndB = await HubClient.StartAsync(HubUrl, keysB.ApiKey);
        await ListeningAsync(shopA.Id, 2);
        await ListeningAsync(shopB.Id, 2);

        await PickUsdcAsync(tillA, saleA);
        await PickUsdcAsync(serverB, saleB);
        var nextA = await tillA.CreateSessionAsync();
        var nextB = await serverB.CreateSessionAsync();
        await CancelAsync(tillA, saleA);
        await CancelAsync(serverB, saleB);

        string[] saleEvents = ["transaction.created", "session.canceled"];
        Assert.Equal(saleEvents, Summaries(await displayA.WaitForEventsAsync(e => Has(e, "session.canceled"), Patience)).Select(s => s.Type));
        Assert.Equal(saleEvents, Summaries(await displayB.WaitForEventsAsync(e => Has(e, "session.canceled"), Patience)).Select(s => s.Type));
        Assert.All(Summaries(displayA.Events), s => Assert.Equal(saleA, s.SessionId));
        Assert.All(Summaries(displayB.Events), s => Assert.Equal(saleB, s.SessionId));

        string[] storeEvents = ["transaction.created", "session.created", "session.canceled"];
        var heardA = Summaries(await backEndA.WaitForEventsAsync(e => Has(e, "session.canceled"), Patience));
        var heardB = Summaries(await backEndB.WaitForEventsAsync(e => Has(e, "session.canceled"), Patience));
        Assert.Equal(storeEvents, heardA.Select(s => s.Type));
        Assert.Equal([saleA, nextA, saleA], heardA.Select(s => s.SessionId));
        Assert.Equal(storeEvents, heardB.Select(s => s.Type));
        Assert.Equal([saleB, nextB, saleB], heardB.Select(s => s.SessionId));
    }

    [Fact]
    public async Task each_message_is_the_webhook_payload_as_one_json_object()
    {
        var (shop, keys) = await Pos.NewMerchantAsync("Payload Shop");
        await using var backEnd = await HubClient.StartAsync(HubUrl, keys.ApiKey);
        await ListeningAsync(shop.Id, 1);
        using var till = Pos.Client(publishableKey: keys.PublishableKey);

        var sale = await till.CreateSessionAsync(4.50m, "USD");

        var payload = (await backEnd.WaitForEventsAsync(e => e.Count == 1, Patience))[0];
        Assert.Equal(JsonValueKind.Object, payload.ValueKind);
        Assert.Equal(["data", "timestamp", "type"], payload.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("session.created", payload.GetProperty("type").GetString());
        Assert.True(payload.GetProperty("timestamp").TryGetDateTime(out _));
        var data = payload.GetProperty("data");
        Assert.Equal(sale, data.GetProperty("sessionID").GetString());
        Assert.Equal(4.50m, data.GetProperty("amount").GetDecimal());
        Assert.Equal("USD", data.GetProperty("amountCurrency").GetString());
    }

    [Theory]
    [InlineData("ServerSentEvents")]
    [InlineData("LongPolling")]
    public async Task a_display_hears_its_session_over_the_fallback_transports_too(string transport)
    {
        var (shop, keys) = await Pos.NewMerchantAsync("Fallback Shop");
        using var till = Pos.Client(publishableKey: keys.PublishableKey);
        var sale = await till.CreateSessionAsync();
        await using var display = await HubClient.StartAsync(HubUrl, await LiveTokenAsync(till, sale), transport);
        Assert.Equal(transport, await display.Connected);
        await ListeningAsync(shop.Id, 1);

        await CancelAsync(till, sale);

        var heard = Summaries(await display.WaitForEventsAsync(e => Has(e, "session.canceled"), Patience));
        Assert.Equal(("session.canceled", sale), Assert.Single(heard));
    }

    [Fact]
    public async Task a_publishable_key_a_made_up_token_or_none_is_refused_when_the_client_starts()
    {
        var (_, keys) = await Pos.NewMerchantAsync("Refusing Shop");

        foreach (var token in new[] { keys.PublishableKey, "lt_" + new string('x', 80), "ak_" + new string('0', 48), "not-a-token", "" })
        {
            await using var client = HubClient.Start(HubUrl, token);
            var failure = await Assert.ThrowsAsync<HubClientFailedException>(() => client.Connected.WaitAsync(Patience));
            Assert.Contains("401", failure.Message, StringComparison.Ordinal);
        }

        // What the client's start() ran into: a problem saying what to send instead.
        using var http = Pos.Client();
        var problem = await (await NegotiateAsync(http, keys.PublishableKey)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("live-token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var missing = await (await http.PostAsync(LiveEventsHub.Path + "/negotiate?negotiateVersion=1", null)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("secret key", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_live_token_is_only_given_for_the_callers_own_session()
    {
        var (_, keysA) = await Pos.NewMerchantAsync("Own Shop");
        var (_, keysB) = await Pos.NewMerchantAsync("Other Shop");
        using var tillA = Pos.Client(publishableKey: keysA.PublishableKey);
        var saleA = await tillA.CreateSessionAsync();

        using var otherTill = Pos.Client(publishableKey: keysB.PublishableKey);
        using var otherServer = Pos.Client(apiKey: keysB.ApiKey);
        await (await otherTill.PostAsync($"/session/{saleA}/live-token", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await otherServer.PostAsync($"/session/{saleA}/live-token", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await tillA.PostAsync($"/session/{Guid.NewGuid()}/live-token", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Pos.Client().PostAsync($"/session/{saleA}/live-token", null)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var issued = await (await tillA.PostAsync($"/session/{saleA}/live-token", null)).JsonAsync();
        Assert.StartsWith(LiveTokens.Prefix, issued.GetProperty("token").GetString(), StringComparison.Ordinal);
        var expiresIn = issued.GetProperty("expiresAt").GetDateTime() - Pos.Time.GetUtcNow().UtcDateTime;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task revoking_the_secret_key_closes_the_back_ends_connection_and_refuses_it_from_then_on()
    {
        var (shop, keys) = await Pos.NewMerchantAsync("Revoking Shop");
        using var admin = Pos.Client(apiKey: keys.ApiKey);
        var created = await admin.CreateKeyAsync(shop.AccountId, "api", "Live feed");
        var feedKey = created.GetProperty("generatedKey").GetString()!;
        await using var backEnd = await HubClient.StartAsync(HubUrl, feedKey);
        await using var unaffected = await HubClient.StartAsync(HubUrl, keys.ApiKey);
        await ListeningAsync(shop.Id, 2);

        using var revoked = await admin.RevokeKeyAsync(shop.AccountId, created.GetProperty("uuid").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await backEnd.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        await using var again = HubClient.Start(HubUrl, feedKey);
        await Assert.ThrowsAsync<HubClientFailedException>(() => again.Connected.WaitAsync(Patience));
        Assert.False(unaffected.Closed.IsCompleted);
        await admin.CreateSessionAsync();
        await unaffected.WaitForEventsAsync(e => Has(e, "session.created"), Patience);
    }

    [Fact]
    public async Task revoking_the_key_that_asked_for_a_live_token_closes_the_display_and_voids_the_token()
    {
        var (shop, keys) = await Pos.NewMerchantAsync("Till Swap Shop");
        using var admin = Pos.Client(apiKey: keys.ApiKey);
        var created = await admin.CreateKeyAsync(shop.AccountId, "publishable", "Old till");
        using var oldTill = Pos.Client(publishableKey: created.GetProperty("generatedKey").GetString()!);
        var sale = await oldTill.CreateSessionAsync();
        var token = await LiveTokenAsync(oldTill, sale);
        await using var display = await HubClient.StartAsync(HubUrl, token);
        await ListeningAsync(shop.Id, 1);

        using var revoked = await admin.RevokeKeyAsync(shop.AccountId, created.GetProperty("uuid").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        await display.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        await using var again = HubClient.Start(HubUrl, token);
        await Assert.ThrowsAsync<HubClientFailedException>(() => again.Connected.WaitAsync(Patience));
    }

    [Fact]
    public async Task a_live_token_opens_no_connection_once_it_has_expired()
    {
        // Its own app: the clock moves.
        await using var pos = await TestPos.StartAsync();
        var (_, keys) = await pos.NewMerchantAsync();
        using var till = pos.Client(publishableKey: keys.PublishableKey);
        var sale = await till.CreateSessionAsync();
        var token = await LiveTokenAsync(till, sale);
        var hubUrl = pos.BaseUrl.TrimEnd('/') + LiveEventsHub.Path;

        pos.Time.Advance(LiveTokens.Lifetime - TimeSpan.FromSeconds(1));
        await using (await HubClient.StartAsync(hubUrl, token))
        {
        }

        pos.Time.Advance(TimeSpan.FromSeconds(1));
        await using var late = HubClient.Start(hubUrl, token);
        var failure = await Assert.ThrowsAsync<HubClientFailedException>(() => late.Connected.WaitAsync(Patience));
        Assert.Contains("401", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WebSockets")]
    [InlineData("LongPolling")]
    public async Task a_display_connected_in_time_keeps_hearing_its_session_after_the_token_expires(string transport)
    {
        // Its own app: the clock moves.
        await using var pos = await TestPos.StartAsync();
        var (shop, keys) = await pos.NewMerchantAsync();
        await using (var db = await pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            // The sale outlives the token, so there is something to hear after it.
            await db.Merchants.Where(m => m.Id == shop.Id).ExecuteUpdateAsync(set => set.SetProperty(m => m.ExpirationMinutes, 60));
        }

        using var till = pos.Client(publishableKey: keys.PublishableKey);
        var sale = await till.CreateSessionAsync();
        await using var display = await HubClient.StartAsync(pos.BaseUrl.TrimEnd('/') + LiveEventsHub.Path, await LiveTokenAsync(till, sale), transport);
        await Eventually.Async(() => pos.Get<LiveConnections>().ListeningFor(shop.Id) == 1);

        pos.Time.Advance(LiveTokens.Lifetime + TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a poll or two with the expired token
        await CancelAsync(till, sale);

        var heard = Summaries(await display.WaitForEventsAsync(e => Has(e, "session.canceled"), Patience));
        Assert.Equal(("session.canceled", sale), Assert.Single(heard));
        Assert.False(display.Closed.IsCompleted);
    }

    [Fact]
    public async Task negotiating_more_than_the_api_allowance_with_one_credential_is_rate_limited()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?> { ["Pos:ApiPermitsPerMinute"] = "3" });
        var (_, keysA) = await pos.NewMerchantAsync("Busy Shop");
        var (_, keysB) = await pos.NewMerchantAsync("Calm Shop");
        using var http = pos.Client();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(http, keysA.ApiKey)).StatusCode);
        }

        await (await NegotiateAsync(http, keysA.ApiKey)).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, (await NegotiateAsync(http, keysB.ApiKey)).StatusCode);
    }

    private static Task<HttpResponseMessage> NegotiateAsync(HttpClient http, string token)
    {
        var negotiate = new HttpRequestMessage(HttpMethod.Post, LiveEventsHub.Path + "/negotiate?negotiateVersion=1");
        negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(negotiate);
    }

    private static async Task<string> LiveTokenAsync(HttpClient client, string sessionId) =>
        (await (await client.PostAsync($"/session/{sessionId}/live-token", null)).JsonAsync()).GetProperty("token").GetString()!;

    private static async Task PickUsdcAsync(HttpClient client, string sessionId) =>
        await (await client.PostJsonAsync($"/session/{sessionId}/transaction", """{ "asset": "USDC", "network": "polygon" }""")).JsonAsync();

    private static async Task CancelAsync(HttpClient client, string sessionId) =>
        await (await client.PostAsync($"/session/{sessionId}/cancel", null)).JsonAsync();

    /// <summary>
    /// The client's <c>start()</c> resolves at the handshake, a moment before the hub has subscribed the connection:
    /// wait until the server lists it, as the events made next must reach it.
    /// </summary>
    private Task ListeningAsync(Guid merchantId, int connections) =>
        Eventually.Async(() => Pos.Get<LiveConnections>().ListeningFor(merchantId) == connections);

    private static bool Has(IReadOnlyList<JsonElement> events, string type) => events.Any(e => e.GetProperty("type").GetString() == type);

    /// <summary>Each payload as (type, the session its data belongs to).</summary>
    private static List<(string Type, string SessionId)> Summaries(IEnumerable<JsonElement> events) =>
        events.Select(e => (e.GetProperty("type").GetString()!, e.GetProperty("data").GetProperty("sessionID").GetString()!)).ToList();
}
