using System.Net;
using System.Numerics;
using System.Text.Json;
using PaySessions.Core.Chain;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static PaySessions.Pos.Tests.Support.ReferenceShape;

namespace PaySessions.Pos.Tests.Api;

/// <summary>
/// CUSTOM vouchers on the dev chain: the payee names one transaction (here an ERC-20 approve), the payer sends exactly
/// that, and the receipt is checked on chain: the contract, the calldata, the value, success, and that one of the
/// context's payers sent it.
/// </summary>
public sealed class CustomVoucherTests : IAsyncLifetime
{
    /// <summary>Another of anvil's unlocked dev accounts: not the payer.</summary>
    private const string Stranger = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private const string Spender = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(TestPos.WithDevChain);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    private static string Approve(BigInteger amount) => Abi.Call("approve(address,uint256)", AbiArg.Address(Spender), AbiArg.Uint(amount));

    private static string CustomBody(string data, string value = "0", string to = TestNetworks.Usdc) => $$"""
        {
            "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ],
            "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "{{to}}", "value": "{{value}}", "data": "{{data}}" } } ],
            "extras": [ { "kind": "order", "reference": "A-1001" } ]
        }
        """;

    [Fact]
    public async Task the_payer_sends_exactly_the_transaction_asked_for_and_only_that_resolves_the_voucher()
    {
        var (_, keys) = await _pos.NewMerchantAsync("Contract Shop");
        var (payer, _, code) = await _pos.OpenPayerAsync(payer: DemoCustomer.Address);
        var payee = await _pos.SignInPayeeAsync(keys.ApiKey, code);
        var id = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var data = Approve(42_000_000);

        var redeemed = await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", CustomBody(data));

        Has(redeemed, "id:string", "code:string", "status:string", "type:string", "networks:array", "payments:array", "extras:array", "expiresAt:time", "createdAt:time", "updatedAt:time");
        Assert.Equal(("REDEEMED", "CUSTOM"), (redeemed.GetProperty("status").GetString(), redeemed.GetProperty("type").GetString()));
        Lacks(redeemed, "expectedPayment", "suppliedPayment");
        Has(redeemed.GetProperty("networks")[0], "network:string", "type:string", "chainId:string");
        Assert.Equal("137", redeemed.GetProperty("networks")[0].GetProperty("chainId").GetString());
        var payment = redeemed.Payment();
        Has(payment, "id:string", "type:string", "status:string", "input.from:string", "input.to:string", "input.value:string", "input.data:string");
        Assert.Equal(("send_transaction", "PENDING", "{payer}", data), (payment.GetProperty("type").GetString(), payment.GetProperty("status").GetString(),
            payment.GetProperty("input").GetProperty("from").GetString(), payment.GetProperty("input").GetProperty("data").GetString()));
        Assert.Equal("A-1001", redeemed.GetProperty("extras")[0].GetProperty("reference").GetString());
        var paymentId = payment.GetProperty("id").GetString()!;

        // SIMPLE-only moves, and a receipt without the transaction, are refused.
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/negotiate-voucher",
            $$"""{ "suppliedPayment": { "network": "polygon", "currency": "USDT", "currencyAddress": "{{TestNetworks.Usdt}}", "amount": "1", "wallet": { "address": "{{DemoCustomer.Address}}" } } }"""))
            .ProblemAsync(HttpStatusCode.BadRequest, "not_simple");
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paymentId))).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // Close but not it: other calldata, another sender, a transaction that reverted.
        var otherData = await SendAsync(DemoCustomer.Address, TestNetworks.Usdc, Approve(41_000_000));
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paymentId, otherData)))
            .ProblemAsync(HttpStatusCode.BadRequest, "transfer_mismatch");
        var otherSender = await SendAsync(Stranger, TestNetworks.Usdc, data);
        var refused = await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paymentId, otherSender)))
            .ProblemAsync(HttpStatusCode.BadRequest, "transfer_mismatch");
        Assert.Contains("not one of the payer's addresses", refused.GetProperty("detail").GetString());
        var otherContract = await SendAsync(DemoCustomer.Address, TestNetworks.Usdt, data);
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paymentId, otherContract)))
            .ProblemAsync(HttpStatusCode.BadRequest, "transfer_mismatch");
        Assert.Equal("REDEEMED", (await payee.GetJsonAsync($"/api/v1/vouchers/{id}")).GetProperty("status").GetString());

        // The transaction itself.
        var sent = await SendAsync(DemoCustomer.Address, TestNetworks.Usdc, data);
        var resolved = await payer.PostAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paymentId, sent));

        Assert.Equal("RESOLVED", resolved.GetProperty("status").GetString());
        Assert.Equal(("SUCCEEDED", sent, "polygon"), (resolved.Payment().GetProperty("status").GetString(), resolved.Payment().GetProperty("txHash").GetString(),
            resolved.Payment().GetProperty("network").GetString()));
        Assert.Equal(new BigInteger(42_000_000), await AllowanceAsync(DemoCustomer.Address));
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paymentId, sent))).ProblemAsync(HttpStatusCode.BadRequest, "already_resolved");

        // One transaction resolves one voucher, even another asking the very same call.
        var twin = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var twinPayment = (await payee.PostAsync($"/api/v1/vouchers/{twin}/redeem-voucher", CustomBody(data))).PaymentId();
        await (await payer.PostJsonAsync($"/api/v1/vouchers/{twin}/resolve-voucher", VoucherCalls.Receipts(twinPayment, sent)))
            .ProblemAsync(HttpStatusCode.BadRequest, "transfer_already_used");
    }

    [Fact]
    public async Task a_transaction_that_reverted_resolves_nothing()
    {
        var (payer, _, code) = await _pos.OpenPayerAsync(payer: DemoCustomer.Address);
        var payee = await _pos.SignInUnverifiedPayeeAsync(code);
        var id = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        // More than the payer holds: the token reverts.
        var data = Abi.Call("transfer(address,uint256)", AbiArg.Address(Spender), AbiArg.Uint(BigInteger.Pow(10, 30)));
        var paymentId = (await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", CustomBody(data))).PaymentId();

        var reverted = await SendAsync(DemoCustomer.Address, TestNetworks.Usdc, data, gas: 200_000);

        await (await payer.PostJsonAsync($"/api/v1/vouchers/{id}/resolve-voucher", VoucherCalls.Receipts(paymentId, reverted)))
            .ProblemAsync(HttpStatusCode.BadRequest, "transfer_failed");
        Assert.Equal("REDEEMED", (await payer.GetJsonAsync($"/api/v1/vouchers/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": 137 } ], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "1" } ], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "solana", "type": "solana", "chainId": "101" } ], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ], "payments": [] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ], "payments": [ { "type": "sign_message", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ], "payments": [ { "type": "send_transaction", "input": { "from": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791", "value": "0", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "-1", "data": "0x" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "approve" } } ] }""")]
    [InlineData("""{ "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ], "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "value": "0", "data": "0x" } } ], "extras": [ 1, 2, 3, 4, 5, 6 ] }""")]
    public async Task a_malformed_custom_redeem_is_refused_and_leaves_the_voucher_reserved(string body)
    {
        var (_, _, code) = await _pos.OpenPayerAsync();
        var payee = await _pos.SignInUnverifiedPayeeAsync(code);
        var id = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;

        await (await payee.PostJsonAsync($"/api/v1/vouchers/{id}/redeem-voucher", body)).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var after = await payee.GetJsonAsync($"/api/v1/vouchers/{id}");
        Assert.Equal("RESERVED", after.GetProperty("status").GetString());
        Lacks(after, "type", "networks", "payments", "extras");
    }

    /// <summary>Sends from one of anvil's unlocked accounts and waits until it is mined.</summary>
    private async Task<string> SendAsync(string from, string to, string data, long? gas = null)
    {
        var tx = new Dictionary<string, object?> { ["from"] = from, ["to"] = to, ["data"] = data };
        if (gas is { } limit)
        {
            tx["gas"] = Hex.FromLong(limit); // no estimate, so a reverting call is still mined, with status 0
        }

        var rpc = _pos.Rpc();
        var hash = (await rpc.Client.CallAsync("eth_sendTransaction", [tx], CancellationToken.None)).GetString()!;
        await Eventually.Async(async () => Assert.NotNull(await rpc.GetReceiptAsync(hash, CancellationToken.None)));
        return hash;
    }

    private async Task<BigInteger> AllowanceAsync(string owner) =>
        Abi.DecodeUint(await _pos.Rpc().CallAsync(TestNetworks.Usdc, Abi.Call("allowance(address,address)", AbiArg.Address(owner), AbiArg.Address(Spender)), CancellationToken.None));
}
