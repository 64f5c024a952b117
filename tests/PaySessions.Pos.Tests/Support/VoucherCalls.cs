using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaySessions.Pos.Tests.Support;

/// <summary>The two parties of the voucher API as HTTP clients: a payer wallet and a payee (merchant) signed in with the payer's code.</summary>
public static class VoucherCalls
{
    public static async Task<(HttpClient Payer, string ContextId, string Code)> OpenPayerAsync(this TestPos pos)
    {
        using var anonymous = pos.Client();
        var context = await (await anonymous.PostAsync("/api/v1/vouchers/contexts/context-open", null)).JsonAsync();
        var payer = pos.Client();
        payer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", context.GetProperty("token").GetString());
        return (payer, context.GetProperty("id").GetString()!, context.GetProperty("code").GetString()!);
    }

    public static async Task<HttpClient> SignInPayeeAsync(this TestPos pos, string merchantKey, string contextCode)
    {
        using var merchant = pos.Client(apiKey: merchantKey);
        var signIn = await (await merchant.PostJsonAsync("/api/v1/auth/sign-in",
            $$"""{ "type": "resource", "data": { "resource": "voucher::context::code::{{contextCode}}" } }""")).JsonAsync();
        var payee = pos.Client();
        payee.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signIn.GetProperty("token").GetString());
        return payee;
    }

    public static async Task<JsonElement> PostAsync(this HttpClient client, string path, string json = "{}") =>
        await (await client.PostJsonAsync(path, json)).JsonAsync();

    public static Task<HttpResponseMessage> PostEmptyJsonAsync(this HttpClient client, string path) => client.PostJsonAsync(path, "{}");

    public static string RedeemBody(string currency, string currencyAddress, string amount, string wallet, string? network = "polygon") =>
        JsonSerializer.Serialize(new
        {
            expectedPayment = new Dictionary<string, object?>
            {
                ["network"] = network,
                ["currency"] = currency,
                ["currencyAddress"] = currencyAddress,
                ["amount"] = amount,
                ["wallet"] = new { address = wallet },
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
        });

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path) => await (await client.GetAsync(path)).JsonAsync();

    public static Task<HttpResponseMessage> PostAsJsonBodyAsync<T>(this HttpClient client, string path, T body) => client.PostAsJsonAsync(path, body);
}
