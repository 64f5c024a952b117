using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Pos.Tests.Support;

/// <summary>The key-management routes as an integrator calls them.</summary>
public static class KeyCalls
{
    public static string KeysPath(Guid accountId) => $"/accounts/{accountId}/keys";

    /// <summary>The <c>accountID</c> the checkout API reports for the caller's store, read the way an integrator finds it.</summary>
    public static async Task<Guid> AccountIdAsync(this HttpClient client)
    {
        var sessionId = await client.CreateSessionAsync();
        var session = await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();
        return Guid.Parse(session.GetProperty("accountID").GetString()!);
    }

    /// <summary>Creates a key and returns the answer (generatedKey, privateKey, uuid).</summary>
    public static async Task<JsonElement> CreateKeyAsync(this HttpClient client, Guid accountId, string keyType, string name) =>
        await (await client.PostAsJsonAsync(KeysPath(accountId), new { keyType, name })).JsonAsync();

    public static Task<HttpResponseMessage> RevokeKeyAsync(this HttpClient client, Guid accountId, string keyId) =>
        client.DeleteAsync($"{KeysPath(accountId)}/{keyId}");

    public static async Task<int> KeyRowsAsync(this TestPos pos, Guid merchantId)
    {
        await using var db = await pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        return await db.ApiKeys.CountAsync(k => k.MerchantId == merchantId);
    }

    public static async Task<HttpStatusCode> CreateSessionStatusAsync(this HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/session", new { amount = 1.5m, amountCurrency = "USD" });
        return response.StatusCode;
    }

    /// <summary>
    /// Any authenticated read: 404 for an unknown session means the key was accepted, 401 that it was refused. Works
    /// for a store without wallets, where a session cannot be created.
    /// </summary>
    public static async Task<HttpStatusCode> LookUpStatusAsync(this HttpClient client)
    {
        using var response = await client.GetAsync($"/session/{Guid.NewGuid()}");
        return response.StatusCode;
    }
}
