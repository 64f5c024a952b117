using PaySessions.Core.Payments;
using static PaySessions.Core.Tests.Model.ModelBuilders;

namespace PaySessions.Core.Tests.History;

/// <summary>What the history filters on is the session's copy of its current transaction, kept by the session itself.</summary>
public sealed class SessionMirrorTests
{
    [Fact]
    public void picking_copies_the_asset_and_network_and_a_new_pick_clears_what_the_old_one_had()
    {
        var session = Session();
        var first = OpenPayment(session);
        session.Attach(first, Now);
        first.ApplyChain(Paying(first, 1, paid: first.Amount / 2) with { Payer = "0x" + new string('b', 40) }, 0m, Now);
        session.Follow(first, Now);

        Assert.Equal(("USDC", "polygon", PaymentException.Underpaid, "0x" + new string('b', 40)), (session.Asset, session.Network, session.ExceptionStatus, session.Payer));
        Assert.Equal(PaymentStatus.Pending, session.Status);

        first.Cancel(Now);
        var second = OpenPayment(session);
        session.Attach(second, Now);

        Assert.Equal((PaymentException.None, (string?)null, (string?)null), (session.ExceptionStatus, session.TxHash, session.Payer));
    }

    [Fact]
    public void a_replaced_payment_that_gets_paid_becomes_the_copy_and_another_payment_never_overwrites_a_paid_sale()
    {
        var session = Session();
        var replaced = OpenPayment(session);
        session.Attach(replaced, Now);
        var current = OpenPayment(session);
        session.Attach(current, Now);

        replaced.ApplyChain(Paying(replaced, 3) with { TxHash = "0x" + new string('1', 64), Payer = "0x" + new string('2', 40) }, 0m, Now);
        replaced.Settle(Now);
        session.Follow(replaced, Now);
        current.ApplyChain(Paying(current, 3, paid: current.Amount + 5) with { TxHash = "0x" + new string('3', 64) }, 0m, Now);
        session.Follow(current, Now);

        Assert.Equal(replaced.Id, session.TransactionId);
        Assert.Equal(("0x" + new string('1', 64), "0x" + new string('2', 40), PaymentException.None), (session.TxHash, session.Payer, session.ExceptionStatus));
    }
}
