using System.Net;
using System.Numerics;
using System.Text.Json;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Api;

/// <summary>The voucher session API, against the app and its own anvil chain.</summary>
public sealed class VouchersApiTests : IAsyncLifetime
{
    // The seed's own example: EURC 100 + USDC 50 on polygon, the USDC address written as the seed writes it.
    private const string EurcAddress = "0x73b3db5a96a4b9d9bcfc22b8f1b3d85a5e5b5e5b";
    private const string UsdcAddress = "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174";
    private const string PayeeWallet = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
    private TestPos _pos = null!;
    private string _merchantKey = "";

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(TestPos.WithDevChain);
        _merchantKey = (await _pos.NewMerchantAsync("Voucher Shop")).Keys.ApiKey;
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task the_seed_example_two_vouchers_in_one_session_settle_independently()
    {
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(_merchantKey, code);

        var session = await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""");
        var sessionId = session.GetProperty("id").GetString()!;
        Assert.StartsWith("ses_", sessionId);
        Assert.Equal("OPEN", session.GetProperty("status").GetString());
        Assert.Matches("^[A-Z0-9]{6}$", session.GetProperty("code").GetString());
        var joined = await payer.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/session-join");
        Assert.True(joined.GetProperty("joined").GetBoolean());

        var eurc = await ReserveAndRedeemAsync(payee, sessionId, "EURC", EurcAddress, "100");
        var usdc = await ReserveAndRedeemAsync(payee, sessionId, "USDC", UsdcAddress, "50");

        // The payer pays the USDC voucher first; the EURC one is untouched by it.
        var usdcPayment = (await payer.GetJsonAsync($"/api/v1/vouchers/{usdc}")).PaymentId();
        var usdcReceipt = await _pos.PayAsync(TestNetworks.Usdc, PayeeWallet, new BigInteger(50_000_000));
        var resolved = await payer.PostAsync($"/api/v1/vouchers/{usdc}/resolve-voucher", VoucherCalls.Receipts(usdcPayment, usdcReceipt.TxHash));
        Assert.Equal("RESOLVED", resolved.GetProperty("status").GetString());
        Assert.Equal("PROCESSING", resolved.Payment().GetProperty("status").GetString());
        Assert.Equal("REDEEMED", (await payer.GetJsonAsync($"/api/v1/vouchers/{eurc}")).GetProperty("status").GetString());

        await _pos.MineAsync(3);
        await Eventually.Async(async () => Assert.Equal("SUCCEEDED", (await payee.GetJsonAsync($"/api/v1/vouchers/{usdc}")).Payment().GetProperty("status").GetString()));
        Assert.Equal("PENDING", (await payee.GetJsonAsync($"/api/v1/vouchers/{eurc}")).Payment().GetProperty("status").GetString());

        var eurcPayment = (await payer.GetJsonAsync($"/api/v1/vouchers/{eurc}")).PaymentId();
        var eurcReceipt = await _pos.PayAsync(TestNetworks.Eurc, PayeeWallet, new BigInteger(100_000_000));
        await payer.PostAsync($"/api/v1/vouchers/{eurc}/resolve-voucher", VoucherCalls.Receipts(eurcPayment, eurcReceipt.TxHash));
        await _pos.MineAsync(3);
        await Eventually.Async(async () => Assert.Equal("SUCCEEDED", (await payee.GetJsonAsync($"/api/v1/vouchers/{eurc}")).Payment().GetProperty("status").GetString()));

        var closed = await payee.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/session-close");
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());
        var final = await payee.GetJsonAsync($"/api/v1/vouchers/sessions/{sessionId}");
        Assert.All(final.GetProperty("vouchers").EnumerateArray(), v =>
        {
            Assert.Equal("RESOLVED", v.GetProperty("status").GetString());
            Assert.Equal("SUCCEEDED", v.Payment().GetProperty("status").GetString());
        });
    }

    [Fact]
    public async Task redeem_detects_the_network_from_the_token_address_and_echoes_the_expected_payment()
    {
        var (_, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(_merchantKey, code);
        var sessionId = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}", "type": "SESSION_DEFAULT" }""")).GetProperty("id").GetString();
        var reserved = await payee.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/reserve-voucher");
        Assert.Equal("RESERVED", reserved.GetProperty("status").GetString());
        Assert.Equal("vch_" + reserved.GetProperty("code").GetString(), reserved.GetProperty("id").GetString());
        Assert.True(reserved.GetProperty("expiresAt").GetDateTime() > DateTime.UtcNow);

        var redeemed = await payee.PostAsync($"/api/v1/vouchers/{reserved.GetProperty("id").GetString()}/redeem-voucher",
            VoucherCalls.RedeemBody("USDC", UsdcAddress, "12.5", PayeeWallet, network: null));

        Assert.Equal("REDEEMED", redeemed.GetProperty("status").GetString());
        var expected = redeemed.GetProperty("expectedPayment");
        Assert.Equal("polygon", expected.GetProperty("network").GetString());
        Assert.Equal("12.5", expected.GetProperty("amount").GetString());
        Assert.Equal(PayeeWallet, expected.GetProperty("wallet").GetProperty("address").GetString());
        var payment = redeemed.Payment();
        Assert.Equal("12.5", payment.GetProperty("amount").GetString());
        Assert.Equal($"ethereum:{TestNetworks.Usdc}@137/transfer?address={PayeeWallet}&uint256=12500000", payment.GetProperty("uri").GetString());
    }

    [Fact]
    public async Task receipts_with_the_wrong_amount_recipient_or_token_are_refused_and_change_nothing()
    {
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(_merchantKey, code);
        var sessionId = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var voucher = await ReserveAndRedeemAsync(payee, sessionId, "USDC", UsdcAddress, "20");

        // Too little by more than the chain monitor would take for an underpayment of it (10 %), so nothing pays it meanwhile.
        var tooLittle = await _pos.PayAsync(TestNetworks.Usdc, PayeeWallet, new BigInteger(15_000_000));
        var elsewhere = await _pos.PayAsync(TestNetworks.Usdc, "0x000000000000000000000000000000000000beef", new BigInteger(20_000_000));
        var otherToken = await _pos.PayAsync(TestNetworks.Usdt, PayeeWallet, new BigInteger(20_000_000));
        var paymentId = (await payer.GetJsonAsync($"/api/v1/vouchers/{voucher}")).PaymentId();
        foreach (var receipt in new[] { tooLittle, elsewhere, otherToken })
        {
            await (await payer.PostJsonAsync($"/api/v1/vouchers/{voucher}/resolve-voucher", VoucherCalls.Receipts(paymentId, receipt.TxHash)))
                .ProblemAsync(HttpStatusCode.BadRequest, "transfer_mismatch");
        }

        var unknown = "0x" + new string('a', 64);
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{voucher}/resolve-voucher", VoucherCalls.Receipts(paymentId, unknown)))
            .ProblemAsync(HttpStatusCode.BadRequest, "transfer_mismatch");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{voucher}/resolve-voucher", VoucherCalls.Receipts("pay_000000000000", tooLittle.TxHash)))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var after = await payer.GetJsonAsync($"/api/v1/vouchers/{voucher}");
        Assert.Equal("REDEEMED", after.GetProperty("status").GetString());
        Assert.Equal("0", after.Payment().GetProperty("paidAmount").GetString());
        Assert.False(after.Payment().TryGetProperty("txHash", out _));
    }

    [Fact]
    public async Task every_error_code_of_the_api_family_answers_as_the_reference_writes_it()
    {
        var (payer, contextId, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(_merchantKey, code);
        using var anonymous = _pos.Client();
        using var merchant = _pos.Client(apiKey: _merchantKey);

        // invalid_code: signing in, opening a session or reserving with a code that is not an open context (or not the token's).
        await (await merchant.PostJsonAsync("/api/v1/auth/sign-in", """{ "type": "resource", "data": { "resource": "voucher::context::code::ZZZZZZ" } }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        await (await payee.PostJsonAsync("/api/v1/vouchers/sessions/session-open", """{ "code": "ZZZZZZ" }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        await (await payee.PostJsonAsync("/api/v1/vouchers/reserve-voucher", """{ "code": "ZZZZZZ" }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "invalid_code");

        // unauthorized: no token, a made-up token, the payer's token on a payee call, a publishable or wrong key on sign-in.
        await (await anonymous.PostJsonAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "st_" + new string('0', 64));
        await (await anonymous.GetAsync("/api/v1/vouchers/vch_000000")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await payer.PostJsonAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await payer.PostJsonAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var publishable = _pos.Client(publishableKey: (await _pos.NewMerchantAsync("Public")).Keys.PublishableKey);
        await (await publishable.PostJsonAsync("/api/v1/auth/sign-in", $$"""{ "type": "resource", "data": { "resource": "voucher::context::code::{{code}}" } }"""))
            .ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var wrongKey = _pos.Client(apiKey: "ak_not_a_key_of_anyone");
        await (await wrongKey.PostJsonAsync("/api/v1/auth/sign-in", $$"""{ "type": "resource", "data": { "resource": "voucher::context::code::{{code}}" } }"""))
            .ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await anonymous.PostJsonAsync("/api/v1/auth/sign-in", """{ "type": "email-password", "data": { "email": "a@b.c", "password": "longenough" } }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var sessionId = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var reserved = (await payee.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/reserve-voucher")).GetProperty("id").GetString()!;

        // already_joined: the payer joins once.
        await payer.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/session-join");
        await (await payer.PostEmptyJsonAsync($"/api/v1/vouchers/sessions/{sessionId}/session-join")).ProblemAsync(HttpStatusCode.BadRequest, "already_joined");

        // validation_failed: malformed expected payments, and SIMPLE and CUSTOM terms together.
        foreach (var body in new[]
        {
            "{}",
            VoucherCalls.RedeemBody("USDC", UsdcAddress, "-5", PayeeWallet),
            VoucherCalls.RedeemBody("USDC", UsdcAddress, "1.0000001", PayeeWallet),
            VoucherCalls.RedeemBody("USDC", UsdcAddress, "10", "0xnot-an-address"),
            VoucherCalls.RedeemBody("EURC", UsdcAddress, "10", PayeeWallet),
            VoucherCalls.RedeemBody("USDC", "0x0000000000000000000000000000000000000001", "10", PayeeWallet, network: null),
            """{ "expectedPayment": { "amount": 10 } }""",
            VoucherCalls.RedeemBody("USDC", UsdcAddress, "10", PayeeWallet)[..^1] + """, "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ] }""",
        })
        {
            await (await payee.PostJsonAsync($"/api/v1/vouchers/{reserved}/redeem-voucher", body)).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        Assert.Equal("RESERVED", (await payee.GetJsonAsync($"/api/v1/vouchers/{reserved}")).GetProperty("status").GetString());

        // not_redeemed: the payer resolves or negotiates a voucher the payee has not redeemed.
        var someHash = "0x" + new string('b', 64);
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{reserved}/resolve-voucher", VoucherCalls.Receipts("pay_000000000000", someHash)))
            .ProblemAsync(HttpStatusCode.BadRequest, "not_redeemed");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{reserved}/negotiate-voucher", Supplied("USDT", TestNetworks.Usdt)))
            .ProblemAsync(HttpStatusCode.BadRequest, "not_redeemed");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{reserved}/resolve-voucher", """{ "receipts": [] }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // already_resolved: resolving twice, discarding or negotiating a resolved voucher.
        var redeemed = await payee.PostAsync($"/api/v1/vouchers/{reserved}/redeem-voucher", VoucherCalls.RedeemBody("USDC", UsdcAddress, "3", PayeeWallet));
        var receipt = await _pos.PayAsync(TestNetworks.Usdc, PayeeWallet, new BigInteger(3_000_000));
        var receipts = VoucherCalls.Receipts(redeemed.PaymentId(), receipt.TxHash);
        await payer.PostAsync($"/api/v1/vouchers/{reserved}/resolve-voucher", receipts);
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{reserved}/resolve-voucher", receipts)).ProblemAsync(HttpStatusCode.BadRequest, "already_resolved");
        await (await payee.PostEmptyJsonAsync($"/api/v1/vouchers/{reserved}/discard-voucher")).ProblemAsync(HttpStatusCode.BadRequest, "already_resolved");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{reserved}/negotiate-voucher", Supplied("USDT", TestNetworks.Usdt)))
            .ProblemAsync(HttpStatusCode.BadRequest, "already_resolved");

        // A receipt already used for one voucher cannot resolve another.
        var second = (await payee.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/reserve-voucher")).GetProperty("id").GetString()!;
        var secondPayment = (await payee.PostAsync($"/api/v1/vouchers/{second}/redeem-voucher", VoucherCalls.RedeemBody("USDC", UsdcAddress, "3", PayeeWallet))).PaymentId();
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{second}/resolve-voucher", VoucherCalls.Receipts(secondPayment, receipt.TxHash)))
            .ProblemAsync(HttpStatusCode.BadRequest, "transfer_already_used");

        // different_network: the supplied payment must be on the expected payment's network.
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{second}/negotiate-voucher", Supplied("USDT", TestNetworks.Usdt, network: "ethereum")))
            .ProblemAsync(HttpStatusCode.BadRequest, "different_network");

        // not_found: unknown ids, and another payer's session.
        var (stranger, _, _) = await _pos.OpenPayerAsync();
        await (await payee.GetAsync("/api/v1/vouchers/vch_999999x")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"/api/v1/vouchers/sessions/{sessionId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"/api/v1/vouchers/{second}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"/api/v1/vouchers/contexts/{contextId}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        // session_closed and already_closed: after closing, nothing is reserved, redeemed or joined; closing twice says so.
        var third = (await payee.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/reserve-voucher")).GetProperty("id").GetString()!;
        await payee.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/session-close");
        await (await payee.PostEmptyJsonAsync($"/api/v1/vouchers/sessions/{sessionId}/reserve-voucher")).ProblemAsync(HttpStatusCode.BadRequest, "session_closed");
        await (await payee.PostJsonAsync($"/api/v1/vouchers/{third}/redeem-voucher", VoucherCalls.RedeemBody("USDC", UsdcAddress, "3", PayeeWallet)))
            .ProblemAsync(HttpStatusCode.BadRequest, "session_closed");
        await (await payer.PostEmptyJsonAsync($"/api/v1/vouchers/sessions/{sessionId}/session-join")).ProblemAsync(HttpStatusCode.BadRequest, "session_closed");
        await (await payee.PostEmptyJsonAsync($"/api/v1/vouchers/sessions/{sessionId}/session-close")).ProblemAsync(HttpStatusCode.BadRequest, "already_closed");
        Assert.Equal("DISCARDED", (await payee.GetJsonAsync($"/api/v1/vouchers/{third}")).GetProperty("status").GetString());
        Assert.Equal("REDEEMED", (await payee.GetJsonAsync($"/api/v1/vouchers/{second}")).GetProperty("status").GetString());

        // The payer closes the context; closing again says already_closed, and the code no longer signs anyone in.
        await (await payer.PostEmptyJsonAsync($"/api/v1/vouchers/contexts/{contextId}/context-close")).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/contexts/{contextId}/context-close", """{ "payeeId": "too-short" }""")).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await payer.PostAsync($"/api/v1/vouchers/contexts/{contextId}/context-close", """{ "payeeId": null }""");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/contexts/{contextId}/context-close", """{ "payeeId": null }""")).ProblemAsync(HttpStatusCode.BadRequest, "already_closed");
        await (await merchant.PostJsonAsync("/api/v1/auth/sign-in", $$"""{ "type": "resource", "data": { "resource": "voucher::context::code::{{code}}" } }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        await (await payee.PostJsonAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).ProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
    }

    [Fact]
    public async Task the_payer_negotiates_a_voucher_into_another_token_through_fx_and_pays_the_supplied_payment()
    {
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(_merchantKey, code);
        var sessionId = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var voucher = await ReserveAndRedeemAsync(payee, sessionId, "EURC", EurcAddress, "100");
        var before = await payer.GetJsonAsync($"/api/v1/vouchers/{voucher}");
        Assert.False(before.TryGetProperty("suppliedPayment", out _));

        var inUsdc = await payer.PostAsync($"/api/v1/vouchers/{voucher}/negotiate-voucher", Supplied("USDC", UsdcAddress));

        Assert.Equal("REDEEMED", inUsdc.GetProperty("status").GetString());
        Assert.Equal("125", inUsdc.GetProperty("suppliedPayment").GetProperty("amount").GetString()); // EUR/USD 1.25, whatever the payer sent
        Assert.Equal("EURC", inUsdc.GetProperty("expectedPayment").GetProperty("currency").GetString());
        Assert.Equal("100", inUsdc.GetProperty("expectedPayment").GetProperty("amount").GetString());
        Assert.Equal(("USDC", "125"), (inUsdc.Payment().GetProperty("currency").GetString(), inUsdc.Payment().GetProperty("amount").GetString()));
        Assert.NotEqual(before.PaymentId(), inUsdc.PaymentId());
        await (await payee.PostJsonAsync($"/api/v1/vouchers/{voucher}/negotiate-voucher", Supplied("USDT", TestNetworks.Usdt))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{voucher}/negotiate-voucher", Supplied("DOGE", "0x0000000000000000000000000000000000000d09")))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{voucher}/pay-in", """{ "asset": "USDT" }""")).ProblemAsync(HttpStatusCode.NotFound, "not_found");

        var receipt = await _pos.PayAsync(TestNetworks.Usdc, PayeeWallet, new BigInteger(125_000_000));
        var resolved = await payer.PostAsync($"/api/v1/vouchers/{voucher}/resolve-voucher", VoucherCalls.Receipts(inUsdc.PaymentId(), receipt.TxHash));
        Assert.Equal("RESOLVED", resolved.GetProperty("status").GetString());
        Assert.Equal("USDC", resolved.GetProperty("suppliedPayment").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task a_discarded_voucher_does_not_touch_its_sibling()
    {
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(_merchantKey, code);
        var sessionId = (await payee.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var kept = await ReserveAndRedeemAsync(payee, sessionId, "USDC", UsdcAddress, "7");
        var dropped = await ReserveAndRedeemAsync(payee, sessionId, "EURC", EurcAddress, "7");

        var discarded = await payee.PostAsync($"/api/v1/vouchers/{dropped}/discard-voucher");

        Assert.Equal("DISCARDED", discarded.GetProperty("status").GetString());
        Assert.Equal("CANCELED", discarded.Payment().GetProperty("status").GetString());
        var sibling = await payer.GetJsonAsync($"/api/v1/vouchers/{kept}");
        Assert.Equal("REDEEMED", sibling.GetProperty("status").GetString());
        Assert.Equal("PENDING", sibling.Payment().GetProperty("status").GetString());
    }

    private static string Supplied(string currency, string address, string network = "polygon") =>
        $$"""{ "suppliedPayment": { "network": "{{network}}", "currency": "{{currency}}", "currencyAddress": "{{address}}", "amount": "1", "wallet": { "address": "{{PaySessions.Core.DevChain.DemoCustomer.Address}}" } } }""";

    private static async Task<string> ReserveAndRedeemAsync(HttpClient payee, string sessionId, string currency, string address, string amount)
    {
        var reserved = await payee.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/reserve-voucher");
        var id = reserved.GetProperty("id").GetString()!;
        var redeemed = await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody(currency, address, amount, PayeeWallet));
        Assert.Equal("REDEEMED", redeemed.GetProperty("status").GetString());
        return id;
    }
}
