using System.Numerics;
using PaySessions.Core.Payments;
using static PaySessions.Core.Tests.Model.ModelBuilders;

namespace PaySessions.Core.Tests.Payments;

public class RemainingBalanceTests
{
    [Fact]
    public void nothing_paid_leaves_the_whole_sale_and_the_whole_token_amount()
    {
        var payment = OpenPayment();

        Assert.Equal(payment.Amount, RemainingBalance.Tokens(payment));
        Assert.Equal(10m, RemainingBalance.Fiat(10m, "USD", payment.Amount, RemainingBalance.Tokens(payment)));
    }

    [Fact]
    public void an_underpayment_leaves_the_missing_tokens_and_their_share_of_the_sale_rounded_up_to_the_cent()
    {
        var payment = OpenPayment(); // asks 10.000123 USDC for 10 USD
        payment.ApplyChain(Paying(payment, confirmations: 1, paid: 4_000_000), 0m, Now);

        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.Equal(new BigInteger(6_000_123), RemainingBalance.Tokens(payment));
        Assert.Equal(6.01m, RemainingBalance.Fiat(10m, "USD", payment.Amount, RemainingBalance.Tokens(payment)));
    }

    [Fact]
    public void the_smallest_shortfall_still_reads_as_one_minor_unit_and_none_as_zero()
    {
        Assert.Equal(0.01m, RemainingBalance.Fiat(10m, "USD", 10_000_123, 1));
        Assert.Equal(1m, RemainingBalance.Fiat(1500m, "JPY", 15_000_000, 1));
        Assert.Equal(0m, RemainingBalance.Fiat(10m, "USD", 10_000_123, 0));
    }

    [Fact]
    public void a_paid_payment_owes_nothing_even_when_short_within_the_tolerance()
    {
        var payment = OpenPayment();
        payment.ApplyChain(Paying(payment, confirmations: 1, paid: payment.Amount - 100), 0.01m, Now);

        Assert.Equal((PaymentStatus.Processing, PaymentException.Underpaid), (payment.Status, payment.ExceptionStatus));
        Assert.Equal(BigInteger.Zero, RemainingBalance.Tokens(payment));
        Assert.Equal(BigInteger.Zero, RemainingBalance.Tokens(PaymentIn(PaymentStatus.Succeeded)));
    }

    [Fact]
    public void an_overpayment_leaves_nothing_rather_than_a_negative_balance()
    {
        var payment = OpenPayment();
        payment.ApplyChain(Paying(payment, confirmations: 1, paid: payment.Amount * 2), 0m, Now);

        Assert.Equal(PaymentException.Overpaid, payment.ExceptionStatus);
        Assert.Equal(BigInteger.Zero, RemainingBalance.Tokens(payment));
        Assert.Equal(0m, RemainingBalance.Fiat(10m, "USD", payment.Amount, payment.Amount - payment.Paid));
    }
}
