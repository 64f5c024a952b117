using System.Net;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>An integrator manages its store's keys at the vendor's routes, with its secret key.</summary>
public sealed class KeysApiTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private TestPos Pos => fixture.Pos;

    [Fact]
    public async Task a_created_secret_key_sells_until_it_is_revoked_and_the_very_next_call_is_refused()
    {
        var (_, keys) = await Pos.NewMerchantAsync("Integrated Shop");
        using var admin = Pos.Client(apiKey: keys.ApiKey);
        var accountId = await admin.AccountIdAsync();

        var created = await admin.CreateKeyAsync(accountId, "api", "Reconciler");
        var newKey = created.GetProperty("generatedKey").GetString()!;
        Assert.Matches("^ak_[0-9a-f]{48}$", newKey);
        Assert.Equal("", created.GetProperty("privateKey").GetString());

        using var integration = Pos.Client(apiKey: newKey);
        var sessionId = await integration.CreateSessionAsync();
        await (await integration.GetAsync($"/session/{sessionId}")).JsonAsync();

        using var revoked = await admin.RevokeKeyAsync(accountId, created.GetProperty("uuid").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);

        // No cache window: the call right after the revocation is refused.
        await (await integration.GetAsync($"/session/{sessionId}")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.Unauthorized, await integration.CreateSessionStatusAsync());
        using var again = await admin.RevokeKeyAsync(accountId, created.GetProperty("uuid").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await admin.CreateSessionStatusAsync());
    }

    [Fact]
    public async Task a_secret_key_may_revoke_itself_and_is_refused_right_after()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync("Self Revoking");
        using var admin = Pos.Client(apiKey: keys.ApiKey);
        var list = await (await admin.GetAsync(KeyCalls.KeysPath(merchant.AccountId))).JsonAsync();
        var own = list.GetProperty("keys").GetProperty("api").EnumerateArray().Single();

        using var revoked = await admin.RevokeKeyAsync(merchant.AccountId, own.GetProperty("uuid").GetString()!);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await (await admin.GetAsync(KeyCalls.KeysPath(merchant.AccountId))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task a_publishable_key_created_here_starts_sales_but_cannot_set_a_rate()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync("Till Shop");
        using var admin = Pos.Client(apiKey: keys.ApiKey);

        var created = await admin.CreateKeyAsync(merchant.AccountId, "publishable", "Till 2");
        var till = created.GetProperty("generatedKey").GetString()!;

        Assert.Matches("^pk_[0-9a-f]{48}$", till);
        Assert.Equal("", created.GetProperty("privateKey").GetString());
        using var tillClient = Pos.Client(publishableKey: till);
        Assert.Equal(HttpStatusCode.OK, await tillClient.CreateSessionStatusAsync());
        using var withRate = await tillClient.PostAsync("/session", JsonContent("""{ "amount": 5, "amountCurrency": "EUR", "fxRate": 1.1 }"""));
        await withRate.ProblemAsync(HttpStatusCode.Forbidden, "fx_rate_requires_api_key");
    }

    [Fact]
    public async Task the_list_groups_keys_by_type_names_them_by_prefix_and_never_holds_a_secret()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync("Listing Shop");
        using var admin = Pos.Client(apiKey: keys.ApiKey);
        var server = (await admin.CreateKeyAsync(merchant.AccountId, "api", "Back end")).GetProperty("generatedKey").GetString()!;
        var web = await admin.CreateKeyAsync(merchant.AccountId, "publishable", "Web shop");
        using var revokedWeb = await admin.RevokeKeyAsync(merchant.AccountId, web.GetProperty("uuid").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, revokedWeb.StatusCode);

        using var response = await admin.GetAsync(KeyCalls.KeysPath(merchant.AccountId));
        var raw = await response.Content.ReadAsStringAsync();
        var groups = (await response.JsonAsync()).GetProperty("keys");

        foreach (var secret in new[] { keys.ApiKey, keys.PublishableKey, server, web.GetProperty("generatedKey").GetString()! })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[10..], raw, StringComparison.Ordinal);
        }

        var api = groups.GetProperty("api").EnumerateArray().ToList();
        var publishable = groups.GetProperty("publishable").EnumerateArray().ToList();
        Assert.Equal(["Back end", "Secret key"], api.Select(k => k.GetProperty("name").GetString()).Order());
        Assert.Equal(["Publishable key", "Web shop"], publishable.Select(k => k.GetProperty("name").GetString()).Order());
        Assert.All(api.Concat(publishable), k => Assert.Equal(["key", "name", "role", "status", "uuid"], k.EnumerateObject().Select(p => p.Name).Order()));
        Assert.All(api, k => Assert.Equal("full", k.GetProperty("role").GetString()));
        Assert.All(publishable, k => Assert.Equal("checkout", k.GetProperty("role").GetString()));

        var backEnd = api.Single(k => k.GetProperty("name").GetString() == "Back end");
        Assert.Equal(server[..10], backEnd.GetProperty("key").GetString());
        Assert.Equal("active", backEnd.GetProperty("status").GetString());
        var webShop = publishable.Single(k => k.GetProperty("name").GetString() == "Web shop");
        Assert.Equal(web.GetProperty("uuid").GetString(), webShop.GetProperty("uuid").GetString());
        Assert.Equal("revoked", webShop.GetProperty("status").GetString());
    }

    [Fact]
    public async Task a_key_records_when_it_was_last_used()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync("Used Shop");
        using var admin = Pos.Client(apiKey: keys.ApiKey);
        var created = await admin.CreateKeyAsync(merchant.AccountId, "publishable", "Kiosk");
        var keyId = Guid.Parse(created.GetProperty("uuid").GetString()!);
        async Task<ApiKeyView> ViewAsync() => (await Pos.Get<ListApiKeys>().ExecuteAsync(merchant.Id)).Keys.Single(k => k.Id == keyId);
        Assert.Null((await ViewAsync()).LastUsedAt);

        using var kiosk = Pos.Client(publishableKey: created.GetProperty("generatedKey").GetString());
        Assert.Equal(HttpStatusCode.OK, await kiosk.CreateSessionStatusAsync());

        Assert.Equal(Pos.Time.GetUtcNow().UtcDateTime, (await ViewAsync()).LastUsedAt);
    }

    [Fact]
    public async Task the_key_routes_are_rate_limited_per_key()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?> { ["Pos:ApiPermitsPerMinute"] = "2" });
        var (merchant, keys) = await pos.NewMerchantAsync();
        using var admin = pos.Client(apiKey: keys.ApiKey);

        for (var i = 0; i < 2; i++)
        {
            await (await admin.GetAsync(KeyCalls.KeysPath(merchant.AccountId))).JsonAsync();
        }

        await (await admin.GetAsync(KeyCalls.KeysPath(merchant.AccountId))).ProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
