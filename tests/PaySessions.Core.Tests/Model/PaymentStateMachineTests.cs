using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using static PaySessions.Core.Tests.Model.ModelBuilders;

namespace PaySessions.Core.Tests.Model;

/// <summary>The payment state machine, pure: every allowed move and every refused one, and the events they record.</summary>
public sealed class PaymentStateMachineTests
{
    private static readonly PaymentStatus[] Statuses = Enum.GetValues<PaymentStatus>();

    private static readonly HashSet<(PaymentStatus, PaymentStatus)> AllowedMoves =
    [
        (PaymentStatus.Pending, PaymentStatus.Processing),
        (PaymentStatus.Pending, PaymentStatus.Canceled),
        (PaymentStatus.Pending, PaymentStatus.Expired),
        (PaymentStatus.Processing, PaymentStatus.Succeeded),
        (PaymentStatus.Processing, PaymentStatus.Pending),
        (PaymentStatus.Processing, PaymentStatus.Expired),
        (PaymentStatus.Canceled, PaymentStatus.Processing),
        (PaymentStatus.Expired, PaymentStatus.Processing),
    ];

    [Fact]
    public void the_transition_table_allows_exactly_the_documented_moves()
    {
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses)
            {
                Assert.True(AllowedMoves.Contains((from, to)) == PaymentTransitions.Allowed(from, to), $"{from} → {to}");
            }
        }
    }

    [Fact]
    public void opening_records_what_the_customer_must_send()
    {
        var payment = OpenPayment();
        var created = Assert.IsType<PaymentCreated>(Assert.Single(payment.PendingEvents()));
        Assert.Equal(("polygon", "USDC", "10000123"), (created.Network, created.Asset, created.Amount));
        Assert.Equal((payment.MerchantId, payment.SessionId, payment.Id), (created.MerchantId!.Value, created.SessionId!.Value, created.PaymentId!.Value));
        Assert.Equal(PaymentStatus.Pending, payment.Status);
    }

    [Fact]
    public void a_pending_payment_can_be_canceled_once_and_records_the_move()
    {
        var payment = OpenPayment();
        Assert.True(payment.Cancel(Now));
        Assert.False(payment.Cancel(Now));
        var moved = Assert.IsType<PaymentStatusChanged>(payment.PendingEvents()[^1]);
        Assert.Equal((PaymentStatus.Pending, PaymentStatus.Canceled), (moved.From, moved.To));
        Assert.Equal(Now + Core.Payments.Payment.CanceledGrace, payment.MonitorUntil);
    }

    [Theory]
    [InlineData(PaymentStatus.Processing)]
    [InlineData(PaymentStatus.Succeeded)]
    [InlineData(PaymentStatus.Canceled)]
    [InlineData(PaymentStatus.Expired)]
    public void only_a_pending_payment_can_be_canceled_or_expired(PaymentStatus status)
    {
        var payment = PaymentIn(status);
        var events = payment.PendingEvents().Count;
        Assert.False(payment.Cancel(Now));
        Assert.False(payment.ExpireIfDue(payment.ExpiresAt.AddDays(1)));
        Assert.Equal(status, payment.Status);
        Assert.Equal(events, payment.PendingEvents().Count);
    }

    [Fact]
    public void a_pending_payment_expires_only_when_due()
    {
        var payment = OpenPayment();
        Assert.False(payment.ExpireIfDue(payment.ExpiresAt.AddSeconds(-1)));
        Assert.True(payment.ExpireIfDue(payment.ExpiresAt));
        Assert.Equal(PaymentStatus.Expired, payment.Status);
    }

    [Theory]
    [InlineData(PaymentStatus.Pending)]
    [InlineData(PaymentStatus.Canceled)]
    [InlineData(PaymentStatus.Expired)]
    public void enough_on_chain_moves_an_open_canceled_or_expired_payment_to_processing(PaymentStatus status)
    {
        var payment = PaymentIn(status);
        Assert.True(payment.ApplyChain(Paying(payment, confirmations: 1, late: status == PaymentStatus.Expired), 0m, Now));
        Assert.Equal(PaymentStatus.Processing, payment.Status);
        Assert.Contains(payment.PendingEvents(), e => e is PaymentStatusChanged { To: PaymentStatus.Processing });
        Assert.Contains(payment.PendingEvents(), e => e is PaymentProgressed { Confirmations: 1 });
    }

    [Fact]
    public void a_processing_payment_whose_transfer_vanished_goes_back_to_pending_or_expired()
    {
        var reopened = PaymentIn(PaymentStatus.Processing);
        reopened.ApplyChain(Nothing(reopened), 0m, Now);
        Assert.Equal(PaymentStatus.Pending, reopened.Status);

        var lapsed = PaymentIn(PaymentStatus.Processing);
        lapsed.ApplyChain(Nothing(lapsed), 0m, lapsed.ExpiresAt);
        Assert.Equal(PaymentStatus.Expired, lapsed.Status);
    }

    [Fact]
    public void settling_needs_processing_and_the_confirmation_depth()
    {
        var shallow = PaymentIn(PaymentStatus.Processing);
        Assert.False(shallow.Settle(Now));
        Assert.False(OpenPayment().Settle(Now));

        var deep = PaymentIn(PaymentStatus.Succeeded);
        Assert.False(deep.HoldsAmount);
        Assert.Equal(Now, deep.SettledAt);
    }

    [Fact]
    public void a_succeeded_payment_is_final_whatever_the_chain_shows_later()
    {
        var payment = PaymentIn(PaymentStatus.Succeeded);
        var events = payment.PendingEvents().Count;
        Assert.False(payment.ApplyChain(Nothing(payment), 0m, Now));
        Assert.False(payment.Settle(Now));
        Assert.Equal(PaymentStatus.Succeeded, payment.Status);
        Assert.Equal(events, payment.PendingEvents().Count);
    }

    [Fact]
    public void exception_statuses_are_recorded_beside_the_main_status()
    {
        var under = OpenPayment();
        under.ApplyChain(Paying(under, 1, paid: under.Amount / 2), 0m, Now);
        Assert.Equal((PaymentStatus.Pending, PaymentException.Underpaid), (under.Status, under.ExceptionStatus));
        Assert.Contains(under.PendingEvents(), e => e is PaymentExceptionChanged { From: PaymentException.None, To: PaymentException.Underpaid });

        var over = OpenPayment();
        over.ApplyChain(Paying(over, 1, paid: over.Amount + 1), 0m, Now);
        Assert.Equal((PaymentStatus.Processing, PaymentException.Overpaid), (over.Status, over.ExceptionStatus));

        var late = PaymentIn(PaymentStatus.Expired);
        late.ApplyChain(Paying(late, 1, late: true), 0m, Now);
        Assert.Equal((PaymentStatus.Processing, PaymentException.PaidLate), (late.Status, late.ExceptionStatus));
    }

    [Fact]
    public void within_the_tolerance_an_underpayment_still_counts_as_paid()
    {
        var payment = OpenPayment();
        payment.ApplyChain(Paying(payment, 1, paid: payment.Amount - (payment.Amount / 200)), 0.01m, Now);
        Assert.Equal((PaymentStatus.Processing, PaymentException.Underpaid), (payment.Status, payment.ExceptionStatus));
    }

    [Fact]
    public void nothing_new_on_chain_records_nothing()
    {
        var payment = PaymentIn(PaymentStatus.Processing);
        var events = payment.PendingEvents().Count;
        Assert.False(payment.ApplyChain(Paying(payment, confirmations: 1), 0m, Now));
        Assert.Equal(events, payment.PendingEvents().Count);
    }
}
