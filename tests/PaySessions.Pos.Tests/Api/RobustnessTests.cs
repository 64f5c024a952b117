using System.Net.Http.Json;
using System.Text;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>No input produces a 5xx: odd bodies thrown at every endpoint that takes one, by both API families.</summary>
public sealed class RobustnessTests : IAsyncLifetime
{
    private static readonly string[] OddBodies =
    [
        "", " ", "null", "[]", "{}", "\"text\"", "123", "true", "{", "}", "{\"a\":}", "[{}]",
        "{\"amount\":{},\"amountCurrency\":[]}",
        "{\"amount\":1e999999,\"amountCurrency\":\"USD\"}",
        "{\"amount\":-0,\"amountCurrency\":\"USD\"}",
        "{\"amount\":0.000000000000000000000000000001,\"amountCurrency\":\"USD\"}",
        "{\"amount\":79228162514264337593543950336,\"amountCurrency\":\"USD\"}",
        "{\"amount\":12,\"amountCurrency\":\"\\u0000\\u0001\"}",
        "{\"asset\":null,\"network\":null}",
        "{\"asset\":\"" + new string('A', 5000) + "\",\"network\":\"polygon\"}",
        "{\"txHash\":null}", "{\"txHash\":[\"0x\"]}", "{\"txHash\":\"0x" + new string('f', 64) + "\"}",
        "{\"receipts\":null}", "{\"receipts\":[null]}", "{\"receipts\":\"x\"}", "{\"receipts\":[{\"txHash\":1}]}",
        "{\"receipts\":[" + string.Join(',', Enumerable.Repeat("{\"txHash\":\"0x" + new string('1', 64) + "\"}", 6)) + "]}",
        "{\"expectedPayment\":[]}", "{\"expectedPayment\":{\"wallet\":\"x\"}}", "{\"expectedPayment\":{\"amount\":\"1e5\",\"currency\":\"USDC\",\"network\":\"polygon\",\"wallet\":{\"address\":null}}}",
        "{\"expectedPayment\":{\"amount\":\"99999999999999999999999999999999999\",\"currency\":\"USDC\",\"network\":\"polygon\",\"wallet\":{\"address\":\"0x0000000000000000000000000000000000000001\"}}}",
        "{\"type\":\"resource\",\"data\":null}", "{\"type\":\"resource\",\"data\":{\"resource\":5}}", "{\"code\":{}}",
        new string('[', 200) + new string(']', 200),
    ];

    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(TestPos.WithDevChain);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task odd_bodies_get_4xx_answers_everywhere()
    {
        var (_, keys) = await _pos.NewMerchantAsync();
        using var merchant = _pos.Client(apiKey: keys.ApiKey);
        var sessionId = await merchant.CreateSessionAsync();
        var tx = await (await merchant.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
        var (payer, contextId, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(keys.ApiKey, code);
        var voucherSession = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString();
        var voucher = (await payee.PostAsync($"/api/v1/vouchers/sessions/{voucherSession}/reserve-voucher")).GetProperty("id").GetString();

        var targets = new (HttpClient Client, string Path)[]
        {
            (merchant, "/session"),
            (merchant, $"/session/{sessionId}/transaction"),
            (merchant, $"/transaction/{tx.GetProperty("transactionID").GetString()}/claim"),
            (merchant, "/api/v1/auth/sign-in"),
            (payee, "/api/v1/vouchers/sessions/session-open"),
            (payee, $"/api/v1/vouchers/{voucher}/redeem-voucher"),
            (payer, $"/api/v1/vouchers/{voucher}/resolve-voucher"),
            (payer, $"/api/v1/vouchers/sessions/{voucherSession}/session-join"),
            (payer, $"/api/v1/vouchers/{voucher}/negotiate-voucher"),
            (payer, $"/api/v1/vouchers/contexts/{contextId}/context-close"),
            (payer, "/api/v1/vouchers/contexts/context-open"),
            (payee, "/api/v1/vouchers/reserve-voucher"),
            (merchant, "/api/v1/finance/currencies/convert"),
        };

        var failures = new List<string>();
        foreach (var (client, path) in targets)
        {
            foreach (var body in OddBodies)
            {
                using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} for {path} with {body[..Math.Min(body.Length, 80)]}");
                }
            }

            using var invalidUtf8 = await client.PostAsync(path, new ByteArrayContent([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) { Headers = { ContentType = new("application/json") } });
            if ((int)invalidUtf8.StatusCode >= 500)
            {
                failures.Add($"{(int)invalidUtf8.StatusCode} for {path} with invalid UTF-8");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.NotNull(contextId);
    }
}
