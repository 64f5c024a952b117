using System.Numerics;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Chain;

/// <summary>What a store's own settings do to real transfers on a real anvil chain (confirmations: 3).</summary>
public sealed class StoreSettingsOnChainTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task each_store_decides_how_short_a_payment_may_fall_and_still_count_as_paid()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (lenient, lenientWallet) = await harness.NewMerchantAsync();
        var (strict, strictWallet) = await harness.NewMerchantAsync();
        await SetToleranceAsync(harness, lenient.MerchantId, 0.01m);
        var toLenient = await harness.NewPaymentAsync(lenient, 20m);
        var toStrict = await harness.NewPaymentAsync(strict, 20m);

        // Half a percent short of each: within the lenient store's 1 %, beyond the strict store's 0 %.
        await chain.PayAsync(toLenient.TokenContract, lenientWallet, toLenient.Amount - (toLenient.Amount / 200));
        await chain.PayAsync(toStrict.TokenContract, strictWallet, toStrict.Amount - (toStrict.Amount / 200));
        await chain.MineAsync(3);
        await harness.ScanAsync();

        var settled = await harness.PaymentAsync(toLenient.Id);
        Assert.Equal((PaymentStatus.Succeeded, PaymentException.Underpaid), (settled.Status, settled.ExceptionStatus));
        var waiting = await harness.PaymentAsync(toStrict.Id);
        Assert.Equal((PaymentStatus.Pending, PaymentException.Underpaid), (waiting.Status, waiting.ExceptionStatus));
    }

    [Fact]
    public async Task a_shortfall_beyond_the_store_tolerance_is_not_enough()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (store, wallet) = await harness.NewMerchantAsync();
        await SetToleranceAsync(harness, store.MerchantId, 0.01m);
        var payment = await harness.NewPaymentAsync(store, 20m);

        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount - (payment.Amount / 50));
        await chain.MineAsync(3);
        await harness.ScanAsync();

        Assert.Equal(PaymentStatus.Pending, (await harness.PaymentAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task after_a_wallet_change_the_old_wallet_is_still_watched_for_the_payment_opened_there_and_the_new_one_too()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (store, oldWallet) = await harness.NewMerchantAsync();
        var before = await harness.NewPaymentAsync(store, 9.99m);
        await chain.MineAsync(1);
        await harness.ScanAsync(); // the scanner now holds a watch list naming only the old wallet

        var newWallet = "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        Assert.True((await harness.Core.Get<ReceivingWallets>().SetAsync(store.MerchantId, "polygon", newWallet, ["USDC"])).Ok);
        var after = await harness.NewPaymentAsync(store, 9.99m);
        Assert.Equal((oldWallet, newWallet), ((await harness.PaymentAsync(before.Id)).Recipient, after.Recipient));
        harness.Core.Time.Advance(TimeSpan.FromSeconds(6)); // past the watch list's 5 s lifetime

        await chain.PayAsync(before.TokenContract, oldWallet, before.Amount);
        await chain.PayAsync(after.TokenContract, newWallet, after.Amount);
        await chain.MineAsync(3);
        await harness.ScanAsync();

        Assert.Equal(PaymentStatus.Succeeded, (await harness.PaymentAsync(before.Id)).Status);
        Assert.Equal(PaymentStatus.Succeeded, (await harness.PaymentAsync(after.Id)).Status);
        Assert.Equal(before.Amount, (await harness.PaymentAsync(before.Id)).Paid);
    }

    private static async Task SetToleranceAsync(ChainHarness harness, Guid storeId, decimal tolerance)
    {
        var settings = harness.Core.Get<StoreSettings>();
        var current = (await settings.ReadAsync(storeId))!;
        var saved = await settings.UpdateAsync(storeId, current with { UnderpaymentTolerance = tolerance });
        Assert.True(saved.Ok, saved.Error?.Message);
    }
}
