using System.Numerics;
using Microsoft.Extensions.Hosting;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Common;
using PaySessions.Core.DevChain;
using PaySessions.Core.Payments;
using PaySessions.Core.Tests.Support;

using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Chain;

public sealed class ClaimAndResilienceTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task a_claimed_transaction_is_verified_on_chain_and_pays_its_payment()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 3m);
        var receipt = await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);

        var claimed = await harness.Core.Get<PaymentClaims>().ClaimAsync(payment.Id, merchant.MerchantId, receipt.TxHash);

        Assert.True(claimed.Ok, claimed.Error?.Message);
        Assert.True(claimed.Value.Mined);
        Assert.Equal(PaymentStatus.Processing, claimed.Value.Payment.Status);
        Assert.Equal(receipt.TxHash, claimed.Value.Payment.TxHash);
        await chain.MineAsync(3);
        await harness.ScanAsync();
        Assert.Equal(PaymentStatus.Succeeded, (await harness.PaymentAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task a_transaction_hash_already_paying_one_payment_is_refused_for_another()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var first = await harness.NewPaymentAsync(merchant, 3m);
        var second = await harness.NewPaymentAsync(merchant, 3m);
        var receipt = await chain.PayAsync(first.TokenContract, wallet, first.Amount);
        await harness.ScanAsync();

        var replay = await harness.Core.Get<PaymentClaims>().ClaimAsync(second.Id, merchant.MerchantId, receipt.TxHash);

        Assert.Equal(ErrorCodes.TransferAlreadyUsed, replay.Error?.Code);
        var untouched = await harness.PaymentAsync(second.Id);
        Assert.Equal(PaymentStatus.Pending, untouched.Status);
        Assert.Null(untouched.TxHash);
        Assert.Equal(first.Amount, (await harness.PaymentAsync(first.Id)).Paid);
    }

    [Fact]
    public async Task claims_with_the_wrong_amount_recipient_or_token_are_refused_and_change_nothing()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 8m);
        var claims = harness.Core.Get<PaymentClaims>();

        var tooLittle = await chain.PayAsync(payment.TokenContract, wallet, payment.Amount - 1);
        var elsewhere = await chain.PayAsync(payment.TokenContract, "0x000000000000000000000000000000000000dead", payment.Amount);
        var otherToken = await chain.PayAsync(PaySessions.Tests.Shared.TestNetworks.Usdt, wallet, payment.Amount);

        Assert.Equal(ErrorCodes.TransferMismatch, (await claims.ClaimAsync(payment.Id, null, tooLittle.TxHash)).Error?.Code);
        Assert.Equal(ErrorCodes.TransferMismatch, (await claims.ClaimAsync(payment.Id, null, elsewhere.TxHash)).Error?.Code);
        Assert.Equal(ErrorCodes.TransferMismatch, (await claims.ClaimAsync(payment.Id, null, otherToken.TxHash)).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, (await claims.ClaimAsync(payment.Id, null, "0x1234")).Error?.Code);
        Assert.Equal(ErrorCodes.NotFound, (await claims.ClaimAsync(payment.Id, Guid.NewGuid(), tooLittle.TxHash)).Error?.Code);

        var untouched = await harness.PaymentAsync(payment.Id);
        Assert.Null(untouched.TxHash);
        Assert.Equal(BigInteger.Zero, untouched.Paid);
    }

    [Fact]
    public async Task an_old_transfer_to_the_same_wallet_cannot_pay_a_newer_payment()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var old = await chain.PayAsync(PaySessions.Tests.Shared.TestNetworks.Usdc, wallet, new BigInteger(4_000_000));
        await harness.ScanAsync();
        harness.Core.Time.Advance(TimeSpan.FromMinutes(10));
        var payment = await harness.NewPaymentAsync(merchant, 4m);

        var claimed = await harness.Core.Get<PaymentClaims>().ClaimAsync(payment.Id, merchant.MerchantId, old.TxHash);

        Assert.Equal(ErrorCodes.TransferMismatch, claimed.Error?.Code);
        Assert.Contains("before this payment existed", claimed.Error!.Message);
        Assert.Equal(BigInteger.Zero, (await harness.PaymentAsync(payment.Id)).Paid);
    }

    [Fact]
    public async Task a_claimed_transfer_orphaned_before_the_monitor_reached_it_pays_nothing()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 5.5m);
        var receipt = await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        Assert.True((await harness.Core.Get<PaymentClaims>().ClaimAsync(payment.Id, null, receipt.TxHash)).Ok);
        Assert.Equal(PaymentStatus.Processing, (await harness.PaymentAsync(payment.Id)).Status);

        await chain.ReorgAsync(1);
        await harness.ScanAsync();

        var reverted = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Pending, reverted.Status);
        Assert.Equal(BigInteger.Zero, reverted.Paid);
    }

    [Fact]
    public async Task a_claim_of_a_failed_transaction_is_refused()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 2m);
        // More than the customer holds, with gas given so anvil mines it and it reverts (receipt status 0).
        var tx = new Dictionary<string, object?>
        {
            ["from"] = DemoCustomer.Address,
            ["to"] = payment.TokenContract,
            ["gas"] = "0x30000",
            ["data"] = Abi.Call("transfer(address,uint256)", AbiArg.Address(wallet), AbiArg.Uint(BigInteger.Pow(10, 30))),
        };
        var hash = (await chain.Rpc.Client.CallAsync("eth_sendTransaction", [tx], CancellationToken.None)).GetString()!;
        for (var i = 0; i < 100 && await chain.Rpc.GetReceiptAsync(hash, CancellationToken.None) is null; i++)
        {
            await Task.Delay(20);
        }

        var claimed = await harness.Core.Get<PaymentClaims>().ClaimAsync(payment.Id, null, hash);

        Assert.Equal(ErrorCodes.TransferFailed, claimed.Error?.Code);
    }

    [Fact]
    public async Task rpc_calls_per_scanned_block_do_not_grow_with_open_payments()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();

        async Task<double> CallsPerBlockAsync()
        {
            var client = harness.Core.Get<RpcClients>().For("polygon")!.Client;
            await harness.ScanAsync();
            var before = client.CallCount;
            for (var i = 0; i < 5; i++)
            {
                await chain.MineAsync(1);
                await harness.ScanAsync();
            }

            return (client.CallCount - before) / 5.0;
        }

        await harness.NewPaymentAsync(merchant, 1m);
        var withOne = await CallsPerBlockAsync();
        for (var i = 0; i < 60; i++)
        {
            await harness.NewPaymentAsync(merchant, 1m + i);
        }

        var withSixtyOne = await CallsPerBlockAsync();

        Assert.Equal(withOne, withSixtyOne);
        Assert.True(withSixtyOne <= 2, $"{withSixtyOne} calls per block: expected the head plus one eth_getLogs");
    }

    [Fact]
    public async Task the_monitor_rides_out_an_rpc_outage_and_rate_limits_then_settles()
    {
        await using var proxy = await RpcProxy.StartAsync(chain.Anvil.RpcUrl);
        await using var harness = await ChainHarness.StartAsync(chain, rpcUrl: proxy.Url);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 6m);
        var monitor = harness.Core.Get<ChainMonitor>();
        using var stop = new CancellationTokenSource();
        await ((IHostedService)monitor).StartAsync(stop.Token);
        try
        {
            proxy.Down = true;
            await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
            await chain.MineAsync(3);
            await Eventually.Async(() => proxy.Refused >= 3);
            Assert.Equal(PaymentStatus.Pending, (await harness.PaymentAsync(payment.Id)).Status);

            proxy.Down = false;
            proxy.Throttle = true;
            var refusedBefore = proxy.Refused;
            await Eventually.Async(() => proxy.Refused >= refusedBefore + 2);
            Assert.Equal(PaymentStatus.Pending, (await harness.PaymentAsync(payment.Id)).Status);

            proxy.Throttle = false;
            await Eventually.Async(async () => Assert.Equal(PaymentStatus.Succeeded, (await harness.PaymentAsync(payment.Id)).Status));
        }
        finally
        {
            await ((IHostedService)monitor).StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task a_dead_rpc_url_hands_over_to_the_next_one()
    {
        await using var dead = await RpcProxy.StartAsync(chain.Anvil.RpcUrl);
        dead.Down = true;
        await using var harness = await ChainHarness.StartAsync(chain, rpcUrl: dead.Url, fallbackRpcUrl: chain.Anvil.RpcUrl);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 2.2m);

        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await chain.MineAsync(3);
        await harness.ScanAsync();

        Assert.Equal(PaymentStatus.Succeeded, (await harness.PaymentAsync(payment.Id)).Status);
        Assert.True(dead.Refused >= 1, "the first URL was tried");
    }

    [Fact]
    public async Task a_long_catch_up_is_scanned_in_ranges_no_wider_than_configured()
    {
        await using var harness = await ChainHarness.StartAsync(chain, maxBlockRange: 4);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 1.1m);
        await chain.MineAsync(5);
        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await chain.MineAsync(10);

        var steps = 1;
        while (await harness.StepAsync())
        {
            steps++;
        }

        Assert.Equal(4, steps); // 16 new blocks in ranges of 4
        Assert.Equal(PaymentStatus.Succeeded, (await harness.PaymentAsync(payment.Id)).Status);
    }
}
