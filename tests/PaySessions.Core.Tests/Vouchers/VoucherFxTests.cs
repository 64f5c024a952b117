using System.Numerics;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Vouchers;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Vouchers;

public sealed class VoucherFxTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task a_payer_pays_a_eurc_voucher_in_usdc_through_the_configured_rate()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var auth = harness.Core.Get<VoucherAuth>();
        var (context, token, _) = await auth.OpenContextAsync();
        var payer = (await auth.AuthenticateAsync(token))!;
        var payee = (await auth.PayeeForCodeAsync(merchant.MerchantId, context.Code)).Value!;
        var session = (await harness.Core.Get<OpenVoucherSession>().ExecuteAsync(payee, new SessionOpenRequest(context.Code))).Value!;
        var voucher = (await harness.Core.Get<ReserveVoucher>().ExecuteAsync(payee, session.PublicId)).Value!;
        var redeemed = await harness.Core.Get<RedeemVoucher>().ExecuteAsync(payee, voucher.PublicId,
            new RedeemRequest(new ExpectedPaymentRequest("polygon", "EURC", TestNetworks.Eurc, "100", new WalletRequest(wallet))));
        Assert.Equal(new BigInteger(100_000_000), redeemed.Value!.Payment!.Amount);

        var inUsdc = await harness.Core.Get<PayVoucherInToken>().ExecuteAsync(payer, voucher.PublicId, "USDC");

        Assert.True(inUsdc.Ok, inUsdc.Error?.Message);
        Assert.Equal("USDC", inUsdc.Value.Payment!.Asset);
        Assert.Equal(new BigInteger(125_000_000), inUsdc.Value.Payment.Amount); // EUR/USD 1.25, exactly, no offset
        Assert.Equal(ErrorCodes.Unauthorized, (await harness.Core.Get<PayVoucherInToken>().ExecuteAsync(payee, voucher.PublicId, "USDC")).Error?.Code);

        var receipt = await chain.PayAsync(TestNetworks.Usdc, wallet, new BigInteger(125_000_000));
        var resolved = await harness.Core.Get<ResolveVoucher>().ExecuteAsync(payer, voucher.PublicId, new ResolveRequest([new ReceiptRequest(receipt.TxHash)]));
        Assert.True(resolved.Ok, resolved.Error?.Message);
        Assert.Equal(VoucherStatus.Resolved, resolved.Value.Status);

        await chain.MineAsync(3);
        await harness.ScanAsync();
        var settled = (await harness.Core.Get<VoucherReads>().GetVoucherAsync(payee, voucher.PublicId))!;
        Assert.Equal(PaymentStatus.Succeeded, settled.Payment!.Status);
        Assert.Equal("EURC", settled.Voucher.Currency);
        Assert.Equal(ErrorCodes.PaymentClosed, (await harness.Core.Get<PayVoucherInToken>().ExecuteAsync(payer, voucher.PublicId, "USDT")).Error?.Code);
    }
}
