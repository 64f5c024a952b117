using System.Net;
using System.Numerics;
using System.Text.Json;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static PaySessions.Pos.Tests.Support.ReferenceShape;

namespace PaySessions.Pos.Tests.Api;

/// <summary>
/// The voucher reference's documented example requests (seeds/000_faaa0f796c3f04fa.txt and
/// seeds/vendor-references/bleepay.md), replayed as written against the app on its dev chain. Only placeholders are
/// replaced: the context code, ids the app hands out, and <c>0xYourWalletAddress</c>/<c>0xPayerWalletAddress</c> (not
/// addresses). Every documented response field is checked by name and type.
/// </summary>
public sealed partial class VoucherReferenceTests : IAsyncLifetime
{
    private const string PayeeWallet = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(TestPos.WithDevChain);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task the_seeds_two_voucher_session_replays_with_a_payee_signed_in_by_the_code_alone()
    {
        var (payer, _, code) = await _pos.OpenPayerAsync();
        using var payee = _pos.Client();

        // 1. Authenticate and open a session.
        var signIn = await payee.PostAsync("/api/v1/auth/sign-in", Verbatim("""
            {
                "type": "resource",
                "data": {
                    "resource": "voucher::context::code::A1B2C3"
                }
            }
            """, ("A1B2C3", code)));
        Has(signIn, "authorization:object", "authorization.token:string");
        payee.DefaultRequestHeaders.Authorization = new("Bearer", signIn.GetProperty("authorization").GetProperty("token").GetString());

        var session = await payee.PostAsync("/api/v1/vouchers/sessions/session-open", Verbatim("""
            {
                "code": "A1B2C3"
            }
            """, ("A1B2C3", code)));
        Has(session, "id:string", "code:string", "status:string", "type:string", "createdAt:time");
        Assert.StartsWith("ses_", session.GetProperty("id").GetString());
        Assert.NotEqual(code, session.GetProperty("code").GetString());
        Assert.Equal(("OPEN", "SESSION_DEFAULT"), (session.GetProperty("status").GetString(), session.GetProperty("type").GetString()));
        var sessionId = session.GetProperty("id").GetString()!;

        // The payer joins the session in their wallet.
        Has(await payer.PostAsync($"/api/v1/vouchers/sessions/{sessionId}/session-join", "{}"), "id:string", "status:string", "type:string", "createdAt:time", "updatedAt:time");

        // 2. and 3. Reserve and redeem the EURC voucher, then the USDC one.
        var eurc = await payee.PostAsync(Verbatim("/api/v1/vouchers/sessions/ses_xyz/reserve-voucher", ("ses_xyz", sessionId)), "{}");
        AssertReserved(eurc);
        var eurcId = eurc.GetProperty("id").GetString()!;
        var eurcRedeemed = await payee.PostAsync(Verbatim("/api/v1/vouchers/vch_482916/redeem-voucher", ("vch_482916", eurcId)), Verbatim("""
            {
                "expectedPayment": {
                    "network": "polygon",
                    "currency": "EURC",
                    "currencyAddress": "0x73b3db5a96a4b9d9bcfc22b8f1b3d85a5e5b5e5b",
                    "amount": "100",
                    "wallet": {
                        "address": "0xYourWalletAddress"
                    }
                }
            }
            """, ("0xYourWalletAddress", PayeeWallet)));
        Assert.Equal(("REDEEMED", "SIMPLE"), (eurcRedeemed.GetProperty("status").GetString(), eurcRedeemed.GetProperty("type").GetString()));

        var usdc = await payee.PostAsync(Verbatim("/api/v1/vouchers/sessions/ses_xyz/reserve-voucher", ("ses_xyz", sessionId)), "{}");
        AssertReserved(usdc);
        var usdcId = usdc.GetProperty("id").GetString()!;
        await payee.PostAsync(Verbatim("/api/v1/vouchers/vch_739104/redeem-voucher", ("vch_739104", usdcId)), Verbatim("""
            {
                "expectedPayment": {
                    "network": "polygon",
                    "currency": "USDC",
                    "currencyAddress": "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174",
                    "amount": "50",
                    "wallet": {
                        "address": "0xYourWalletAddress"
                    }
                }
            }
            """, ("0xYourWalletAddress", PayeeWallet)));

        var read = await payee.GetJsonAsync($"/api/v1/vouchers/sessions/{sessionId}");
        Has(read, "id:string", "code:string", "status:string", "type:string", "vouchers:array", "createdAt:time", "updatedAt:time");
        Assert.Equal([eurcId, usdcId], read.GetProperty("vouchers").EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.All(read.GetProperty("vouchers").EnumerateArray(), AssertSimpleVoucher);

        // 4. The payer pays and resolves each voucher, receipts as the reference writes them: the payment id alone.
        foreach (var (id, token, units) in new[] { (eurcId, TestNetworks.Eurc, 100_000_000), (usdcId, TestNetworks.Usdc, 50_000_000) })
        {
            var paymentId = (await payer.GetJsonAsync($"/api/v1/vouchers/{id}")).PaymentId();
            Assert.Matches("^pay_[0-9a-f]{12}$", paymentId);
            await _pos.PayAsync(token, PayeeWallet, new BigInteger(units));
            var resolved = await payer.PostAsync(Verbatim($"/api/v1/vouchers/vch_482916/resolve-voucher", ("vch_482916", id)),
                Verbatim("""{ "receipts": [ { "paymentId": "pay_a1b2c3d4e5f6" } ] }""", ("pay_a1b2c3d4e5f6", paymentId)));
            Has(resolved, "id:string", "status:string");
            Assert.Equal(id, resolved.GetProperty("id").GetString());
        }

        await Eventually.Async(async () => Assert.All(
            (await payee.GetJsonAsync($"/api/v1/vouchers/sessions/{sessionId}")).GetProperty("vouchers").EnumerateArray(),
            v => Assert.Equal("RESOLVED", v.GetProperty("status").GetString())));

        var closed = await payee.PostAsync(Verbatim("/api/v1/vouchers/sessions/ses_xyz/session-close", ("ses_xyz", sessionId)), "{}");
        Has(closed, "id:string", "code:string", "status:string", "type:string", "createdAt:time", "updatedAt:time");
        Assert.Equal("CLOSED", closed.GetProperty("status").GetString());

        // The payer is told who asked: nobody vouches for a payee that signed in with the code alone.
        var seen = await payer.GetJsonAsync($"/api/v1/vouchers/sessions/{sessionId}");
        Assert.False(seen.GetProperty("payee").GetProperty("verified").GetBoolean());
        Assert.False(seen.GetProperty("payee").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task the_quickstarts_standalone_voucher_resolves_by_its_payment_id_once_the_chain_shows_the_transfer()
    {
        var (merchant, keys) = await _pos.NewMerchantAsync("Quickstart Shop");
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInPayeeAsync(keys.ApiKey, code);

        var reserved = await payee.PostAsync("/api/v1/vouchers/reserve-voucher", Verbatim("""{ "code": "A1B2C3" }""", ("A1B2C3", code)));
        AssertReserved(reserved);
        Lacks(reserved, "sessionId", "type", "expectedPayment", "payments");
        var id = reserved.GetProperty("id").GetString()!;
        await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody("USDC", TestNetworks.Usdc, "20", PayeeWallet));

        var toPay = await payer.GetJsonAsync($"/api/v1/vouchers/{id}");
        AssertSimpleVoucher(toPay);
        Assert.Equal(("Quickstart Shop", true), (toPay.GetProperty("payee").GetProperty("name").GetString(), toPay.GetProperty("payee").GetProperty("verified").GetBoolean()));
        Assert.Equal(merchant.Name, toPay.GetProperty("payee").GetProperty("name").GetString());

        // Said before the transfer is seen: remembered, still REDEEMED.
        var early = await payer.PostAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(toPay.PaymentId()));
        Assert.Equal("REDEEMED", early.GetProperty("status").GetString());

        // The quickstart's advice: poll GET /vouchers/:id until RESOLVED. The chain monitor matches the transfer by its amount.
        await _pos.PayAsync(TestNetworks.Usdc, PayeeWallet, new BigInteger(20_000_000));
        await Eventually.Async(async () => Assert.Equal("RESOLVED", (await payee.GetJsonAsync($"/api/v1/vouchers/{id}")).GetProperty("status").GetString()));
        await _pos.MineAsync(3);
        await Eventually.Async(async () => Assert.Equal("SUCCEEDED", (await payee.GetJsonAsync($"/api/v1/vouchers/{id}")).Payment().GetProperty("status").GetString()));

        // Query vouchers, bare arrays, filtered by status (the reference writes the path with a trailing slash).
        var resolvedOnes = await payee.GetJsonAsync("/api/v1/vouchers/?status=RESOLVED");
        Assert.Equal(JsonValueKind.Array, resolvedOnes.ValueKind);
        Assert.Equal([id], resolvedOnes.EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.All(resolvedOnes.EnumerateArray(), v => Has(v, "id:string", "code:string", "status:string", "type:string", "createdAt:time", "updatedAt:time"));
        Assert.Empty((await payee.GetJsonAsync("/api/v1/vouchers/?status=REDEEMED")).EnumerateArray());
        Assert.Equal([id], (await payer.GetJsonAsync("/api/v1/vouchers?status=RESOLVED&limit=10&offset=0")).EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        await (await payer.GetAsync("/api/v1/vouchers/?status=resolved")).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await payer.GetAsync("/api/v1/vouchers/?limit=0")).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task negotiate_replays_as_documented_the_expected_payment_stays_and_the_supplied_amount_is_ours()
    {
        var (payer, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInUnverifiedPayeeAsync(code);
        var id = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", VoucherCalls.RedeemBody("EURC", TestNetworks.Eurc, "100", PayeeWallet));

        var negotiated = await payer.PostAsync(Verbatim("/api/v1/vouchers/vch_482916/negotiate-voucher", ("vch_482916", id)), Verbatim("""
            {
                "suppliedPayment": {
                    "network": "polygon",
                    "currency": "USDC",
                    "currencyAddress": "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174",
                    "amount": "100",
                    "wallet": { "address": "0xPayerWalletAddress" }
                }
            }
            """, ("0xPayerWalletAddress", DemoCustomer.Address)));

        Has(negotiated, "id:string", "status:string", "expectedPayment:object", "suppliedPayment:object",
            "suppliedPayment.network:string", "suppliedPayment.currency:string", "suppliedPayment.currencyAddress:string",
            "suppliedPayment.amount:string", "suppliedPayment.wallet.address:string");
        Assert.Equal("REDEEMED", negotiated.GetProperty("status").GetString());
        Assert.Equal(("EURC", "100"), (negotiated.GetProperty("expectedPayment").GetProperty("currency").GetString(), negotiated.GetProperty("expectedPayment").GetProperty("amount").GetString()));
        Assert.Equal("125", negotiated.GetProperty("suppliedPayment").GetProperty("amount").GetString());
        Assert.Equal(DemoCustomer.Address, negotiated.GetProperty("suppliedPayment").GetProperty("wallet").GetProperty("address").GetString());

        // The payer then pays the supplied payment: its payment id resolves the voucher, the transfer matched by amount.
        await _pos.PayAsync(TestNetworks.Usdc, PayeeWallet, new BigInteger(125_000_000));
        await payer.PostAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(negotiated.PaymentId()));
        await Eventually.Async(async () => Assert.Equal("RESOLVED", (await payer.GetJsonAsync($"/api/v1/vouchers/{id}")).GetProperty("status").GetString()));
    }

    private static void AssertReserved(JsonElement voucher)
    {
        Has(voucher, "id:string", "code:string", "status:string", "expiresAt:time");
        Assert.Matches("^[0-9]{6}$", voucher.GetProperty("code").GetString());
        Assert.Equal("vch_" + voucher.GetProperty("code").GetString(), voucher.GetProperty("id").GetString());
        Assert.Equal("RESERVED", voucher.GetProperty("status").GetString());
    }

    /// <summary>Get voucher (reference 3.8) for a redeemed SIMPLE voucher: networks, extras and (not negotiated) suppliedPayment left out.</summary>
    private static void AssertSimpleVoucher(JsonElement voucher)
    {
        Has(voucher, "id:string", "code:string", "status:string", "type:string", "expectedPayment:object",
            "expectedPayment.network:string", "expectedPayment.currency:string", "expectedPayment.currencyAddress:string",
            "expectedPayment.amount:string", "expectedPayment.wallet.address:string", "payments:array",
            "expiresAt:time", "createdAt:time", "updatedAt:time");
        Assert.Equal("SIMPLE", voucher.GetProperty("type").GetString());
        Lacks(voucher, "suppliedPayment", "networks", "extras");
        Has(voucher.Payment(), "id:string", "type:string", "status:string", "network:string", "currency:string", "currencyAddress:string", "amount:string", "wallet.address:string");
    }

    private static string Verbatim(string documented, params (string Placeholder, string Value)[] substitutions) =>
        substitutions.Aggregate(documented, (text, s) => text.Replace(s.Placeholder, s.Value, StringComparison.Ordinal));
}
