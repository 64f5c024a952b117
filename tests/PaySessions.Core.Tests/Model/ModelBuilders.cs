using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Vouchers;

namespace PaySessions.Core.Tests.Model;

/// <summary>Aggregates in any state, built through their own methods only: no database, no clock but the one given.</summary>
internal static class ModelBuilders
{
    public static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    public static readonly Asset Usdc = new(new Network("polygon", "Polygon", 137, [], Confirmations: 3), "USDC", "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", 6, "USD");

    public static readonly Merchant Shop = new() { Name = "Shop", ExpirationMinutes = 15, MonitoringMinutes = 60 };

    public static PaySession Session() => PaySession.OpenCheckout(Shop, new CreateSessionRequest("Coffee", "R-1", 10m, "USD"), Now);

    public static Payment OpenPayment(PaySession? session = null) =>
        Core.Payments.Payment.Open(session ?? Session(), new AssetQuote(Usdc, "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", 1m, 10_000_000), 10_000_123, TimeSpan.FromHours(1), Now);

    /// <summary>A payment driven into <paramref name="status"/> the way the chain and the cashier would.</summary>
    public static Payment PaymentIn(PaymentStatus status)
    {
        var payment = OpenPayment();
        switch (status)
        {
            case PaymentStatus.Processing:
                payment.ApplyChain(Paying(payment, confirmations: 1), 0m, Now);
                break;
            case PaymentStatus.Succeeded:
                payment.ApplyChain(Paying(payment, confirmations: 3), 0m, Now);
                payment.Settle(Now);
                break;
            case PaymentStatus.Canceled:
                payment.Cancel(Now);
                break;
            case PaymentStatus.Expired:
                payment.ExpireIfDue(payment.ExpiresAt);
                break;
        }

        Assert.Equal(status, payment.Status);
        return payment;
    }

    public static ChainPayingState Paying(Payment payment, int confirmations, BigInteger? paid = null, bool late = false) =>
        new(paid ?? payment.Amount, confirmations, 3, "0x" + new string('a', 64), late);

    public static ChainPayingState Nothing(Payment payment) => new(BigInteger.Zero, 0, 3, null, false);

    public static (VoucherSession Session, Voucher Voucher) Reserved()
    {
        var context = VoucherContext.OpenWith("ctx_1", "ABC234", ContextFormat.Alphanum, [], null, Now);
        var session = VoucherSession.OpenFor(context, Shop.Id, "ses_1", "DEF567", Now);
        return (session, session.Reserve("123456", Now).Value!);
    }

    public static (VoucherSession Session, Voucher Voucher, PaySession PaySession) Redeemed()
    {
        var (session, voucher) = Reserved();
        var paySession = PaySession.OpenForVoucher(Shop, voucher.Code, voucher.PublicId, 5m, "USD", "polygon", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", Now);
        Assert.Null(voucher.Redeem(session, paySession, Expected, Now));
        return (session, voucher, paySession);
    }

    public static readonly ExpectedPayment Expected = new("polygon", "USDC", Usdc.Contract, "5", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
}
