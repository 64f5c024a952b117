using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using static PaySessions.Core.Tests.Model.ModelBuilders;

namespace PaySessions.Core.Tests.Model;

/// <summary>The payment session state machine, pure: it follows the payment that pays it, and refuses everything else.</summary>
public sealed class SessionStateMachineTests
{
    private static readonly PaymentStatus[] Statuses = Enum.GetValues<PaymentStatus>();

    private static readonly HashSet<(PaymentStatus, PaymentStatus)> AllowedMoves =
    [
        (PaymentStatus.Pending, PaymentStatus.Processing),
        (PaymentStatus.Pending, PaymentStatus.Succeeded),
        (PaymentStatus.Pending, PaymentStatus.Canceled),
        (PaymentStatus.Pending, PaymentStatus.Expired),
        (PaymentStatus.Processing, PaymentStatus.Succeeded),
        (PaymentStatus.Processing, PaymentStatus.Pending),
        (PaymentStatus.Processing, PaymentStatus.Expired),
        (PaymentStatus.Canceled, PaymentStatus.Processing),
        (PaymentStatus.Canceled, PaymentStatus.Succeeded),
        (PaymentStatus.Expired, PaymentStatus.Processing),
        (PaymentStatus.Expired, PaymentStatus.Succeeded),
    ];

    [Fact]
    public void the_transition_table_allows_exactly_the_documented_moves()
    {
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses)
            {
                Assert.True(AllowedMoves.Contains((from, to)) == SessionTransitions.Allowed(from, to), $"{from} → {to}");
            }
        }
    }

    [Fact]
    public void opening_records_the_sale()
    {
        var session = Session();
        var created = Assert.IsType<SessionCreated>(Assert.Single(session.PendingEvents()));
        Assert.Equal((10m, "USD", session.Id), (created.Amount, created.AmountCurrency, created.SessionId!.Value));
        Assert.Equal(Now.AddMinutes(Shop.ExpirationMinutes), session.ExpiresAt);
    }

    [Fact]
    public void a_pending_session_is_canceled_once_and_an_expired_one_not_at_all()
    {
        var session = Session();
        Assert.True(session.Cancel(Now));
        Assert.False(session.Cancel(Now));
        Assert.Contains(session.PendingEvents(), e => e is SessionStatusChanged { From: PaymentStatus.Pending, To: PaymentStatus.Canceled });

        var overdue = Session();
        Assert.False(overdue.Cancel(overdue.ExpiresAt));
        Assert.True(overdue.ExpireIfDue(overdue.ExpiresAt));
        Assert.False(overdue.ExpireIfDue(overdue.ExpiresAt));
        Assert.Equal(PaymentStatus.Expired, overdue.Status);
    }

    [Fact]
    public void attaching_a_pick_records_the_new_transaction()
    {
        var session = Session();
        var payment = OpenPayment(session);
        session.Attach(payment, Now);
        var changed = Assert.IsType<SessionTransactionChanged>(session.PendingEvents()[^1]);
        Assert.Equal((null, payment.Id), (changed.From, changed.To));
        Assert.Throws<InvalidOperationException>(() => session.Attach(OpenPayment(), Now));
    }

    [Fact]
    public void the_session_follows_its_payment_to_processing_succeeded_and_back_after_a_reorg()
    {
        var session = Session();
        var payment = OpenPayment(session);
        session.Attach(payment, Now);

        payment.ApplyChain(Paying(payment, 1), 0m, Now);
        Assert.True(session.Follow(payment, Now));
        Assert.Equal(PaymentStatus.Processing, session.Status);

        payment.ApplyChain(Nothing(payment), 0m, Now);
        Assert.True(session.Follow(payment, Now));
        Assert.Equal(PaymentStatus.Pending, session.Status);

        payment.ApplyChain(Paying(payment, 3), 0m, Now);
        payment.Settle(Now);
        Assert.True(session.Follow(payment, Now));
        Assert.Equal(PaymentStatus.Succeeded, session.Status);
        Assert.Contains(session.PendingEvents(), e => e is SessionStatusChanged { From: PaymentStatus.Processing, To: PaymentStatus.Pending });
    }

    [Fact]
    public void a_replaced_payment_that_gets_paid_becomes_the_sessions_transaction()
    {
        var session = Session();
        var first = OpenPayment(session);
        session.Attach(first, Now);
        first.Cancel(Now);
        var second = OpenPayment(session);
        session.Attach(second, Now);

        first.ApplyChain(Paying(first, 1), 0m, Now);
        session.Follow(first, Now);

        Assert.Equal((first.Id, PaymentStatus.Processing), (session.TransactionId, session.Status));
    }

    [Fact]
    public void a_canceled_or_expired_session_still_takes_a_late_payment()
    {
        foreach (var close in new Func<PaySession, bool>[] { s => s.Cancel(Now), s => s.ExpireIfDue(s.ExpiresAt) })
        {
            var session = Session();
            var payment = OpenPayment(session);
            session.Attach(payment, Now);
            Assert.True(close(session));
            payment.ApplyChain(Paying(payment, 1, late: true), 0m, payment.ExpiresAt.AddMinutes(1));
            Assert.True(session.Follow(payment, Now));
            Assert.Equal(PaymentStatus.Processing, session.Status);
        }
    }

    [Fact]
    public void a_paid_session_stays_paid_when_a_second_payment_arrives()
    {
        var session = Session();
        var paid = OpenPayment(session);
        session.Attach(paid, Now);
        paid.ApplyChain(Paying(paid, 3), 0m, Now);
        paid.Settle(Now);
        session.Follow(paid, Now);

        var extra = OpenPayment(session);
        extra.ApplyChain(Paying(extra, 1), 0m, Now);
        Assert.False(session.Follow(extra, Now));
        Assert.Equal((PaymentStatus.Succeeded, paid.Id), (session.Status, session.TransactionId));
    }

    [Fact]
    public void an_unrelated_payment_that_is_not_paying_changes_nothing()
    {
        var session = Session();
        Assert.False(session.Follow(OpenPayment(session), Now));
        Assert.Single(session.PendingEvents());
    }
}
