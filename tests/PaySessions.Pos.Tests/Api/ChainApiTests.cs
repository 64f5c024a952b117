using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Api;

/// <summary>The HTTP side of on-chain settlement, against the app's own anvil dev chain.</summary>
public sealed class ChainApiTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(TestPos.WithDevChain, environment: "Development");

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task dev_chain_endpoint_tells_scripts_how_to_pay_like_a_customer()
    {
        using var client = _pos.Client();

        var chain = await (await client.GetAsync("/dev/chain")).JsonAsync();

        var network = chain.GetProperty("networks")[0];
        Assert.Equal("polygon", network.GetProperty("name").GetString());
        Assert.Equal(137, network.GetProperty("chainId").GetInt64());
        Assert.Equal(_pos.Get<DevChainInfo>().Anvil.RpcUrl, network.GetProperty("rpcUrl").GetString());
        Assert.Equal(TestNetworks.Usdc, network.GetProperty("tokens").GetProperty("USDC").GetProperty("address").GetString());
        Assert.Equal(DemoCustomer.Address, chain.GetProperty("customer").GetProperty("address").GetString());
        Assert.Equal(DemoCustomer.PrivateKey, chain.GetProperty("customer").GetProperty("privateKey").GetString());
    }

    [Fact]
    public async Task a_paid_transaction_reports_confirmations_then_success_through_the_api()
    {
        var (_, keys) = await _pos.NewMerchantAsync(wallet: "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");
        using var client = _pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync(2.5m);
        var tx = await (await client.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
        var transactionId = tx.GetProperty("transactionID").GetString();
        var units = BigInteger.Parse(tx.GetProperty("uri").GetString()!.Split("uint256=")[1]);

        var receipt = await _pos.PayAsync(TestNetworks.Usdc, "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc", units);
        var claimed = await (await client.PostAsJsonAsync($"/transaction/{transactionId}/claim", new { txHash = receipt.TxHash })).JsonAsync();

        Assert.Equal(2, claimed.GetProperty("status").GetInt32());
        Assert.Equal(receipt.TxHash, claimed.GetProperty("txHash").GetString());
        Assert.Equal(1, claimed.GetProperty("confirmations").GetInt32());
        Assert.Equal(3, claimed.GetProperty("requiredConfirmations").GetInt32());
        Assert.Equal(tx.GetProperty("assetAmount").GetString(), claimed.GetProperty("paidAmount").GetString());

        await _pos.MineAsync(3);
        await Eventually.Async(async () => Assert.Equal(1, (await (await client.GetAsync($"/transaction/{transactionId}")).JsonAsync()).GetProperty("status").GetInt32()));
        var session = await (await client.GetAsync($"/session/{sessionId}")).JsonAsync();
        Assert.Equal(1, session.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task a_claim_is_refused_for_a_replayed_hash_a_bad_hash_or_a_transfer_that_does_not_pay()
    {
        const string wallet = "0x976ea74026e726554db657fa54763abd0c3a0aa9";
        var (merchant, keys) = await _pos.NewMerchantAsync(wallet: wallet);
        using var client = _pos.Client(publishableKey: keys.PublishableKey);
        async Task<(string Id, BigInteger Units)> NewTransactionAsync()
        {
            var sessionId = await client.CreateSessionAsync(1.5m);
            var tx = await (await client.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
            return (tx.GetProperty("transactionID").GetString()!, BigInteger.Parse(tx.GetProperty("uri").GetString()!.Split("uint256=")[1]));
        }

        var first = await NewTransactionAsync();
        var second = await NewTransactionAsync();
        var paid = await _pos.PayAsync(TestNetworks.Usdc, wallet, first.Units);
        await (await client.PostAsJsonAsync($"/transaction/{first.Id}/claim", new { txHash = paid.TxHash })).JsonAsync();

        await (await client.PostAsJsonAsync($"/transaction/{second.Id}/claim", new { txHash = paid.TxHash }))
            .ProblemAsync(HttpStatusCode.Conflict, "transfer_already_used");
        await (await client.PostAsJsonAsync($"/transaction/{second.Id}/claim", new { txHash = "0xnothex" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await (await client.PostJsonAsync($"/transaction/{second.Id}/claim", "{ \"txHash\": 5 }"))
            .ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var otherToken = await _pos.PayAsync(TestNetworks.Usdt, wallet, second.Units);
        await (await client.PostAsJsonAsync($"/transaction/{second.Id}/claim", new { txHash = otherToken.TxHash }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "transfer_mismatch");
        using var stranger = _pos.Client(publishableKey: (await _pos.NewMerchantAsync("Stranger")).Keys.PublishableKey);
        await (await stranger.PostAsJsonAsync($"/transaction/{second.Id}/claim", new { txHash = paid.TxHash }))
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");

        var untouched = await (await client.GetAsync($"/transaction/{second.Id}")).JsonAsync();
        Assert.Equal(0, untouched.GetProperty("status").GetInt32());
        Assert.Equal("", untouched.GetProperty("txHash").GetString());
        Assert.Equal(merchant.Id, (await _pos.Get<PaySessions.Core.Merchants.MerchantRegistry>().FindAsync(merchant.Id))!.Id);
    }

    [Fact]
    public async Task an_underpaid_transaction_reports_what_is_still_to_pay_in_the_sale_currency_and_in_the_token()
    {
        const string wallet = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
        var (_, keys) = await _pos.NewMerchantAsync(wallet: wallet);
        using var client = _pos.Client(publishableKey: keys.PublishableKey);
        var sessionId = await client.CreateSessionAsync(10m);
        var tx = await (await client.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
        var transactionId = tx.GetProperty("transactionID").GetString();
        var units = BigInteger.Parse(tx.GetProperty("uri").GetString()!.Split("uint256=")[1]);
        Assert.Equal((10m, "USD", 10m), (tx.GetProperty("amount").GetDecimal(), tx.GetProperty("amountCurrency").GetString(), tx.GetProperty("remainingBalance").GetDecimal()));
        Assert.Equal(tx.GetProperty("assetAmount").GetString(), tx.GetProperty("remainingAssetAmount").GetString());

        var paid = units * 95 / 100;
        await _pos.PayAsync(TestNetworks.Usdc, wallet, paid);
        var underpaid = await Eventually.Async(async () =>
        {
            var read = await (await client.GetAsync($"/transaction/{transactionId}")).JsonAsync();
            Assert.Equal("underpaid", read.GetProperty("exceptionStatus").GetString());
            return read;
        });

        // What the vendor's SDK computes as paid (amount - remainingBalance) is what arrived, to the cent, rounded in the shop's favour.
        Assert.Equal(0, underpaid.GetProperty("status").GetInt32());
        Assert.Equal(PaySessions.Core.Chain.TokenAmount.Format(units - paid, 6), underpaid.GetProperty("remainingAssetAmount").GetString());
        Assert.InRange(underpaid.GetProperty("remainingBalance").GetDecimal(), 0.50m, 0.51m);
        Assert.Equal(10m, underpaid.GetProperty("amount").GetDecimal());

        await _pos.PayAsync(TestNetworks.Usdc, wallet, units - paid);
        var topped = await Eventually.Async(async () =>
        {
            var read = await (await client.GetAsync($"/transaction/{transactionId}")).JsonAsync();
            Assert.NotEqual(0, read.GetProperty("status").GetInt32());
            return read;
        });
        Assert.Equal((0m, "0"), (topped.GetProperty("remainingBalance").GetDecimal(), topped.GetProperty("remainingAssetAmount").GetString()));
    }

    [Fact]
    public async Task the_dev_chain_endpoint_does_not_exist_outside_development()
    {
        await using var pos = await TestPos.StartAsync();
        using var client = pos.Client();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/chain")).StatusCode);
    }
}
