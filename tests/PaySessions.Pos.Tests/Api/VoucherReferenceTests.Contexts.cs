using System.Net;
using System.Numerics;
using System.Text.Json;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static PaySessions.Pos.Tests.Support.ReferenceShape;

namespace PaySessions.Pos.Tests.Api;

/// <summary>The voucher reference's context and conversion examples, replayed as written; and a receipt handed over late.</summary>
public sealed partial class VoucherReferenceTests
{
    [Fact]
    public async Task a_receipt_naming_the_transfer_that_already_settled_the_payment_resolves_the_voucher_once()
    {
        var (_, keys) = await _pos.NewMerchantAsync("Late Receipt Shop");
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(keys.ApiKey, code);
        var id = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var redeemed = await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody("USDC", TestNetworks.Usdc, "9", PayeeWallet));

        // The payer pays, and its app is cut off before it says so; the monitor matches the transfer by its amount.
        var paid = await _pos.PayAsync(TestNetworks.Usdc, PayeeWallet, new BigInteger(9_000_000));
        await _pos.MineAsync(3);
        await Eventually.Async(async () => Assert.Equal("SUCCEEDED", (await payee.GetJsonAsync($"/api/v1/vouchers/{id}")).Payment().GetProperty("status").GetString()));
        Assert.Equal("REDEEMED", (await payee.GetJsonAsync($"/api/v1/vouchers/{id}")).GetProperty("status").GetString());

        // Told afterwards, with the very transaction: resolved, not "payment closed"; told twice: already resolved (400, as the reference answers).
        var late = await payer.PostAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(redeemed.PaymentId(), paid.TxHash));
        Assert.Equal("RESOLVED", late.GetProperty("status").GetString());
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(redeemed.PaymentId(), paid.TxHash)))
            .ProblemAsync(HttpStatusCode.BadRequest, "already_resolved");
        Assert.Equal("9", (await payee.GetJsonAsync($"/api/v1/vouchers/{id}")).Payment().GetProperty("paidAmount").GetString());
    }

    [Fact]
    public async Task contexts_open_read_list_newest_first_and_close_as_documented()
    {
        using var anonymous = _pos.Client();
        var opened = await anonymous.PostAsync("/api/v1/vouchers/contexts/context-open", """
            { "format": "numeric", "payers": [ { "address": "0x1234567890abcdef1234567890abcdef12345678" } ] }
            """);
        Has(opened, "id:string", "code:string", "status:string", "format:string", "payers:array", "createdAt:time");
        var first = opened.GetProperty("id").GetString()!;
        Assert.Matches("^ctx_[0-9a-f]{12}$", first);
        Assert.Matches("^[0-9]{6}$", opened.GetProperty("code").GetString());
        Assert.Equal(("OPEN", "numeric"), (opened.GetProperty("status").GetString(), opened.GetProperty("format").GetString()));
        Assert.Equal("0x1234567890abcdef1234567890abcdef12345678", opened.GetProperty("payers")[0].GetProperty("address").GetString());
        using var payer = _pos.Client();
        payer.DefaultRequestHeaders.Authorization = new("Bearer", opened.GetProperty("token").GetString());

        _pos.Time.Advance(TimeSpan.FromSeconds(2));
        var second = await payer.PostAsync("/api/v1/vouchers/contexts/context-open", """{ "format": "alphanum", "payers": [ { "address": "0x1234567890abcdef1234567890abcdef12345678" } ] }""");
        Assert.False(second.TryGetProperty("token", out _));
        Assert.Matches("^[A-Z0-9]{6}$", second.GetProperty("code").GetString());
        var secondId = second.GetProperty("id").GetString()!;

        var read = await payer.GetJsonAsync($"/api/v1/vouchers/contexts/{first}");
        Has(read, "id:string", "code:string", "status:string", "format:string", "payers:array", "createdAt:time", "updatedAt:time");

        var all = await payer.GetJsonAsync("/api/v1/vouchers/contexts");
        Assert.Equal(JsonValueKind.Array, all.ValueKind);
        Assert.Equal([secondId, first], all.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal([secondId], (await payer.GetJsonAsync("/api/v1/vouchers/contexts?limit=1")).EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal([first], (await payer.GetJsonAsync("/api/v1/vouchers/contexts?limit=1&offset=1")).EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var secondAt = DateTimeOffset.Parse(second.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.Equal([secondId], (await payer.GetJsonAsync($"/api/v1/vouchers/contexts?since={secondAt}")).EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal([first], (await payer.GetJsonAsync($"/api/v1/vouchers/contexts?until={secondAt - 1}")).EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        await (await payer.GetAsync("/api/v1/vouchers/contexts?since=yesterday")).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        _pos.Time.Advance(TimeSpan.FromMinutes(5));
        var closed = await payer.PostAsync(Verbatim("/api/v1/vouchers/contexts/ctx_a1b2c3d4e5f6/context-close", ("ctx_a1b2c3d4e5f6", first)), """{ "payeeId": null }""");
        Has(closed, "id:string", "code:string", "status:string", "format:string", "payers:array", "createdAt:time", "updatedAt:time");
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());
        Assert.True(DateTime.Parse(closed.GetProperty("updatedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            > DateTime.Parse(closed.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var payeeId = new string('e', 64);
        Assert.Equal("CLOSED", (await payer.PostAsync($"/api/v1/vouchers/contexts/{secondId}/context-close", $$"""{ "payeeId": "{{payeeId}}" }""")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task convert_answers_a_bare_decimal_string_and_the_networks_and_currencies_are_listed()
    {
        using var anonymous = _pos.Client();

        using var converted = await anonymous.PostJsonAsync("/api/v1/finance/currencies/convert", """
            {
                "sourceNetwork": "polygon",
                "sourceCurrency": "EURC",
                "sourceCurrencyAddress": "0x73b3db5a96a4b9d9bcfc22b8f1b3d85a5e5b5e5b",
                "targetNetwork": "polygon",
                "targetCurrency": "USDC",
                "targetCurrencyAddress": "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174",
                "amount": "100"
            }
            """);
        var text = await converted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, converted.StatusCode);
        Assert.Equal("application/json", converted.Content.Headers.ContentType?.MediaType);
        Assert.Equal("\"125\"", text);

        var fromFiat = await anonymous.PostAsync("/api/v1/finance/currencies/convert", """
            { "sourceNetwork": "polygon", "sourceCurrency": "USD", "sourceCurrencyAddress": "", "targetNetwork": "polygon",
              "targetCurrency": "EURC", "targetCurrencyAddress": "", "amount": "115.1875" }
            """);
        Assert.Equal("92.15", fromFiat.GetString());
        await (await anonymous.PostJsonAsync("/api/v1/finance/currencies/convert", """
            { "sourceNetwork": "polygon", "sourceCurrency": "usdc", "sourceCurrencyAddress": "", "targetNetwork": "polygon",
              "targetCurrency": "EURC", "targetCurrencyAddress": "", "amount": "1e3" }
            """)).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var networks = await anonymous.GetJsonAsync("/api/v1/finance/networks");
        Has(Assert.Single(networks.EnumerateArray()), "network:string", "type:string", "chainId:string", "name:string");
        var currencies = await anonymous.GetJsonAsync("/api/v1/finance/currencies");
        Assert.Equal(["EURC", "USDC", "USDT"], currencies.EnumerateArray().Select(c => c.GetProperty("currency").GetString()).Order());
        Assert.All(currencies.EnumerateArray(), c => Has(c, "network:string", "currency:string", "currencyAddress:string", "decimals:number", "peg:string"));
    }
}
