using System.Numerics;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Vouchers;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Vouchers;

public sealed class VoucherFxTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    private const string PayerWallet = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    [Fact]
    public async Task a_payer_negotiates_a_eurc_voucher_into_usdc_through_the_configured_rate_and_pays_that()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var auth = harness.Core.Get<VoucherAuth>();
        var (context, token, _) = await harness.Core.Get<OpenPayerContext>().OpenAsync(null, ContextFormat.Alphanum, [PayerWallet]);
        var payer = (await auth.AuthenticateAsync(token))!;
        var payee = (await auth.PayeeForCodeAsync(merchant.MerchantId, context.Code)).Value!;
        var session = (await harness.Core.Get<OpenVoucherSession>().ExecuteAsync(payee, new SessionOpenRequest(context.Code))).Value!;
        var voucher = (await harness.Core.Get<ReserveVoucher>().ExecuteAsync(payee, session.PublicId)).Value!;
        var redeemed = await harness.Core.Get<RedeemVoucher>().ExecuteAsync(payee, voucher.PublicId,
            new RedeemRequest(new ExpectedPaymentRequest("polygon", "EURC", TestNetworks.Eurc, "100", new WalletRequest(wallet))));
        Assert.Equal(new BigInteger(100_000_000), redeemed.Value!.Payment!.Amount);
        var negotiate = harness.Core.Get<NegotiateVoucher>();
        NegotiateRequest InUsdc(string network = "polygon") => new(new ExpectedPaymentRequest(network, "USDC", TestNetworks.Usdc, "1", new WalletRequest(PayerWallet)));

        var inUsdc = await negotiate.ExecuteAsync(payer, voucher.PublicId, InUsdc());

        Assert.True(inUsdc.Ok, inUsdc.Error?.Message);
        Assert.Equal("USDC", inUsdc.Value.Payment!.Asset);
        Assert.Equal(new BigInteger(125_000_000), inUsdc.Value.Payment.Amount); // EUR/USD 1.25, exactly, no offset
        Assert.Equal(("EURC", "100"), (inUsdc.Value.Voucher.Currency, inUsdc.Value.Voucher.Amount));
        Assert.Equal(new SuppliedPayment("polygon", "USDC", TestNetworks.Usdc, "125", PayerWallet), inUsdc.Value.Voucher.Supplied);
        Assert.Equal(ErrorCodes.Unauthorized, (await negotiate.ExecuteAsync(payee, voucher.PublicId, InUsdc())).Error?.Code);
        Assert.Equal(ErrorCodes.DifferentNetwork, (await negotiate.ExecuteAsync(payer, voucher.PublicId, InUsdc("ethereum"))).Error?.Code);

        var receipt = await chain.PayAsync(TestNetworks.Usdc, wallet, new BigInteger(125_000_000));
        var resolved = await harness.Core.Get<ResolveVoucher>().ExecuteAsync(payer, voucher.PublicId,
            new ResolveRequest([new ReceiptRequest(inUsdc.Value.PaymentId, receipt.TxHash)]));
        Assert.True(resolved.Ok, resolved.Error?.Message);
        Assert.Equal(VoucherStatus.Resolved, resolved.Value.Status);

        await chain.MineAsync(3);
        await harness.ScanAsync();
        var settled = (await harness.Core.Get<VoucherReads>().GetVoucherAsync(payee, voucher.PublicId))!;
        Assert.Equal(PaymentStatus.Succeeded, settled.Payment!.Status);
        Assert.Equal("EURC", settled.Voucher.Currency);
        Assert.Equal(ErrorCodes.AlreadyResolved, (await negotiate.ExecuteAsync(payer, voucher.PublicId, InUsdc())).Error?.Code);
    }
}
