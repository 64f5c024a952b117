using System.Net;
using System.Net.Http.Json;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>What the key routes refuse: the wrong kind of key, another store's account or key, and bad bodies, writing nothing.</summary>
public sealed class KeysApiRefusalTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private TestPos Pos => fixture.Pos;

    [Fact]
    public async Task a_publishable_key_cannot_manage_keys_and_a_missing_or_mistyped_key_is_unauthorized()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync("Careful Shop");
        var path = KeyCalls.KeysPath(merchant.AccountId);
        using var publishable = Pos.Client(publishableKey: keys.PublishableKey);
        using var anonymous = Pos.Client();
        using var mistyped = Pos.Client(apiKey: keys.PublishableKey);
        var someKeyId = Guid.NewGuid();

        await (await publishable.GetAsync(path)).ProblemAsync(HttpStatusCode.Forbidden, "api_key_required");
        await (await publishable.PostAsJsonAsync(path, new { keyType = "api", name = "Escalation" })).ProblemAsync(HttpStatusCode.Forbidden, "api_key_required");
        await (await publishable.RevokeKeyAsync(merchant.AccountId, someKeyId.ToString())).ProblemAsync(HttpStatusCode.Forbidden, "api_key_required");
        await (await anonymous.GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await mistyped.GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(2, await Pos.KeyRowsAsync(merchant.Id));
    }

    [Fact]
    public async Task another_stores_account_and_keys_are_not_found_and_left_alone()
    {
        var (mine, myKeys) = await Pos.NewMerchantAsync("Mine");
        var (theirs, theirKeys) = await Pos.NewMerchantAsync("Theirs");
        using var me = Pos.Client(apiKey: myKeys.ApiKey);
        using var them = Pos.Client(apiKey: theirKeys.ApiKey);
        var theirKeyId = (await them.GetFromJsonAsync<System.Text.Json.JsonElement>(KeyCalls.KeysPath(theirs.AccountId)))
            .GetProperty("keys").GetProperty("api")[0].GetProperty("uuid").GetString()!;

        await (await me.GetAsync(KeyCalls.KeysPath(theirs.AccountId))).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.PostAsJsonAsync(KeyCalls.KeysPath(theirs.AccountId), new { keyType = "api", name = "Backdoor" })).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.RevokeKeyAsync(theirs.AccountId, theirKeyId)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.RevokeKeyAsync(mine.AccountId, theirKeyId)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.RevokeKeyAsync(mine.AccountId, Guid.NewGuid().ToString())).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.GetAsync(KeyCalls.KeysPath(Guid.NewGuid()))).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.GetAsync("/accounts/not-a-uuid/keys")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.GetAsync(KeyCalls.KeysPath(mine.Id))).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(2, await Pos.KeyRowsAsync(theirs.Id));
        Assert.Equal(2, await Pos.KeyRowsAsync(mine.Id));
        Assert.Equal(HttpStatusCode.OK, await them.CreateSessionStatusAsync());
    }

    public static TheoryData<string, string, HttpStatusCode, string, string?> BadCreateBodies => new()
    {
        { "application/json", """{ "keyType": "api", "name": "x" """, HttpStatusCode.BadRequest, "invalid_json", null },
        { "application/json", "", HttpStatusCode.BadRequest, "invalid_json", null },
        { "application/json", "keyType=api", HttpStatusCode.BadRequest, "invalid_json", null },
        { "application/json", "[]", HttpStatusCode.BadRequest, "validation_failed", null },
        { "application/json", "null", HttpStatusCode.BadRequest, "validation_failed", null },
        { "application/json", "{}", HttpStatusCode.BadRequest, "validation_failed", "keyType" },
        { "application/json", """{ "keyType": "api" }""", HttpStatusCode.BadRequest, "validation_failed", "name" },
        { "application/json", """{ "keyType": "api", "name": "   " }""", HttpStatusCode.BadRequest, "validation_failed", "name" },
        { "application/json", """{ "keyType": "api", "name": 42 }""", HttpStatusCode.BadRequest, "validation_failed", "name" },
        { "application/json", $$"""{ "keyType": "api", "name": "{{new string('n', 101)}}" }""", HttpStatusCode.BadRequest, "validation_failed", "name" },
        { "application/json", """{ "keyType": "API", "name": "Shouting" }""", HttpStatusCode.BadRequest, "validation_failed", "keyType" },
        { "application/json", """{ "keyType": "secret", "name": "Our word" }""", HttpStatusCode.BadRequest, "validation_failed", "keyType" },
        { "application/json", """{ "keyType": 1, "name": "Numbered" }""", HttpStatusCode.BadRequest, "validation_failed", "keyType" },
        { "application/json", """{ "KeyType": "api", "Name": "Cased" }""", HttpStatusCode.BadRequest, "validation_failed", "keyType" },
        { "text/plain", """{ "keyType": "api", "name": "Plain" }""", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", null },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task a_bad_create_body_is_refused_with_a_code_and_writes_nothing(string contentType, string body, HttpStatusCode status, string code, string? field)
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var admin = Pos.Client(apiKey: keys.ApiKey);

        var problem = await (await admin.PostJsonAsync(KeyCalls.KeysPath(merchant.AccountId), body, contentType)).ProblemAsync(status, code);

        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
        }

        Assert.Equal(2, await Pos.KeyRowsAsync(merchant.Id));
    }

    [Fact]
    public async Task the_key_routes_take_only_their_methods()
    {
        var (merchant, keys) = await Pos.NewMerchantAsync();
        using var admin = Pos.Client(apiKey: keys.ApiKey);

        await (await admin.PutAsJsonAsync(KeyCalls.KeysPath(merchant.AccountId), new { })).ProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await (await admin.DeleteAsync(KeyCalls.KeysPath(merchant.AccountId))).ProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }
}
