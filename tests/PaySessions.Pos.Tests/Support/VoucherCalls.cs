using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PaySessions.Core.DevChain;

namespace PaySessions.Pos.Tests.Support;

/// <summary>The two parties of the voucher API as HTTP clients: a payer wallet and a payee signed in with the payer's code.</summary>
public static class VoucherCalls
{
    /// <summary>A new payer with one context; its payer address is the demo customer's (who pays on the dev chain) unless told otherwise.</summary>
    public static async Task<(HttpClient Payer, string ContextId, string Code)> OpenPayerAsync(this TestPos pos, string format = "alphanum", string payer = DemoCustomer.Address)
    {
        using var anonymous = pos.Client();
        var context = await (await anonymous.PostJsonAsync("/api/v1/vouchers/contexts/context-open",
            $$"""{ "format": "{{format}}", "payers": [ { "address": "{{payer}}" } ] }""")).JsonAsync();
        var client = pos.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", context.GetProperty("token").GetString());
        return (client, context.GetProperty("id").GetString()!, context.GetProperty("code").GetString()!);
    }

    /// <summary>A payee that signs in as its store, with the store's secret key: the payer sees the store's name.</summary>
    public static Task<HttpClient> SignInPayeeAsync(this TestPos pos, string merchantKey, string contextCode) => SignInAsync(pos, merchantKey, contextCode);

    /// <summary>A payee that signs in with the payer's code alone, as the reference documents: the payer sees an unverified payee.</summary>
    public static Task<HttpClient> SignInUnverifiedPayeeAsync(this TestPos pos, string contextCode) => SignInAsync(pos, null, contextCode);

    private static async Task<HttpClient> SignInAsync(TestPos pos, string? merchantKey, string contextCode)
    {
        using var merchant = pos.Client(apiKey: merchantKey);
        var signIn = await (await merchant.PostJsonAsync("/api/v1/auth/sign-in",
            $$"""{ "type": "resource", "data": { "resource": "voucher::context::code::{{contextCode}}" } }""")).JsonAsync();
        var payee = pos.Client();
        payee.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signIn.GetProperty("authorization").GetProperty("token").GetString());
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

    /// <summary>A receipt as the reference sends it (<c>paymentId</c>), with our optional <c>txHash</c>.</summary>
    public static string Receipts(string paymentId, string? txHash = null) => txHash is null
        ? $$"""{ "receipts": [ { "paymentId": "{{paymentId}}" } ] }"""
        : $$"""{ "receipts": [ { "paymentId": "{{paymentId}}", "txHash": "{{txHash}}" } ] }""";

    /// <summary>The first entry of a voucher's <c>payments[]</c>: what the payer must pay.</summary>
    public static JsonElement Payment(this JsonElement voucher) => voucher.GetProperty("payments")[0];

    public static string PaymentId(this JsonElement voucher) => voucher.Payment().GetProperty("id").GetString()!;

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path) => await (await client.GetAsync(path)).JsonAsync();

    public static Task<HttpResponseMessage> PostAsJsonBodyAsync<T>(this HttpClient client, string path, T body) => client.PostAsJsonAsync(path, body);
}
