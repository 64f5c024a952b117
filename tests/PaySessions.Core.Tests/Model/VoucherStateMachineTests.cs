using PaySessions.Core.Common;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Vouchers;
using static PaySessions.Core.Tests.Model.ModelBuilders;

namespace PaySessions.Core.Tests.Model;

/// <summary>Vouchers, voucher sessions and payer contexts, pure: every allowed move, every refusal with the API's error code.</summary>
public sealed class VoucherStateMachineTests
{
    private static readonly VoucherStatus[] Statuses = Enum.GetValues<VoucherStatus>();

    [Fact]
    public void the_voucher_transition_table_allows_exactly_redeem_resolve_and_discard()
    {
        HashSet<(VoucherStatus, VoucherStatus)> allowed =
        [
            (VoucherStatus.Reserved, VoucherStatus.Redeemed),
            (VoucherStatus.Reserved, VoucherStatus.Discarded),
            (VoucherStatus.Redeemed, VoucherStatus.Resolved),
            (VoucherStatus.Redeemed, VoucherStatus.Discarded),
        ];
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses)
            {
                Assert.True(allowed.Contains((from, to)) == VoucherTransitions.Allowed(from, to), $"{from} → {to}");
            }
        }
    }

    [Fact]
    public void reserving_records_the_voucher_with_its_session_context_and_merchant()
    {
        var (session, voucher) = Reserved();
        var reserved = Assert.IsType<VoucherReserved>(Assert.Single(voucher.PendingEvents()));
        Assert.Equal((session.Id, session.ContextId, voucher.Id, Shop.Id), (reserved.SessionId!.Value, reserved.ContextId!.Value, reserved.VoucherId!.Value, reserved.MerchantId!.Value));
        Assert.Equal(VoucherStatus.Reserved, voucher.Status);
    }

    [Fact]
    public void redeeming_links_the_pay_session_once()
    {
        var (session, voucher, paySession) = Redeemed();
        Assert.Equal((VoucherStatus.Redeemed, paySession.Id), (voucher.Status, voucher.PaySessionId));
        Assert.Contains(voucher.PendingEvents(), e => e is VoucherStatusChanged { From: VoucherStatus.Reserved, To: VoucherStatus.Redeemed });
        Assert.Equal(ErrorCodes.AlreadyRedeemed, voucher.Redeem(session, paySession, Expected, Now)?.Code);
    }

    [Fact]
    public void an_expired_reservation_or_a_closed_session_refuses_a_redeem()
    {
        var (session, voucher) = Reserved();
        var paySession = PaySession.OpenForVoucher(Shop, voucher.Code, voucher.PublicId, 5m, "USD", "polygon", Expected.Wallet, Now);
        Assert.Equal(ErrorCodes.VoucherExpired, voucher.Redeem(session, paySession, Expected, voucher.ExpiresAt)?.Code);

        Assert.Null(session.Close([voucher], Now));
        Assert.Equal(ErrorCodes.SessionClosed, voucher.Redeem(session, paySession, Expected, Now)?.Code);
        Assert.Equal(VoucherStatus.Discarded, voucher.Status);
    }

    [Fact]
    public void resolving_needs_a_redeemed_voucher_whose_payment_is_open()
    {
        var (reservedSession, reserved) = Reserved();
        Assert.Equal(ErrorCodes.NotRedeemed, reserved.Resolve(reservedSession, null, Now)?.Code);

        var (session, voucher, paySession) = Redeemed();
        var payment = OpenPayment(paySession);
        Assert.Null(voucher.Resolve(session, payment, Now));
        Assert.Equal(VoucherStatus.Resolved, voucher.Status);
        Assert.Equal(ErrorCodes.AlreadyResolved, voucher.Resolve(session, payment, Now)?.Code);
        Assert.Equal(ErrorCodes.AlreadyResolved, voucher.Discard(session, payment, Now)?.Code);
    }

    [Fact]
    public void a_voucher_whose_payment_expired_can_be_neither_resolved_nor_discarded()
    {
        var (session, voucher, paySession) = Redeemed();
        var payment = OpenPayment(paySession);
        payment.ExpireIfDue(payment.ExpiresAt);
        Assert.Equal(VoucherStatus.Expired, voucher.StatusAt(Now, payment.Status));
        Assert.Equal(ErrorCodes.VoucherExpired, voucher.Resolve(session, payment, Now)?.Code);
        Assert.Equal(ErrorCodes.VoucherExpired, voucher.Discard(session, payment, Now)?.Code);
    }

    [Fact]
    public void discarding_is_refused_once_a_transfer_arrived_and_is_final_otherwise()
    {
        var (session, voucher, paySession) = Redeemed();
        var payment = OpenPayment(paySession);
        payment.ApplyChain(Paying(payment, 1, paid: 1), 0m, Now);
        Assert.Equal(ErrorCodes.PaymentClosed, voucher.Discard(session, payment, Now)?.Code);

        var (otherSession, other) = Reserved();
        Assert.Null(other.Discard(otherSession, null, Now));
        Assert.Equal(ErrorCodes.VoucherExpired, other.Discard(otherSession, null, Now)?.Code);
        Assert.Equal(ErrorCodes.VoucherExpired, other.Resolve(otherSession, null, Now)?.Code);
    }

    [Fact]
    public void a_voucher_moves_only_within_its_own_session()
    {
        var (_, voucher) = Reserved();
        var (otherSession, _) = Reserved();
        Assert.Throws<InvalidOperationException>(() => voucher.Discard(otherSession, null, Now));
    }

    [Fact]
    public void a_voucher_session_joins_once_closes_once_and_then_refuses_work()
    {
        var (session, voucher) = Reserved();
        Assert.Null(session.Join(Now));
        Assert.Equal(ErrorCodes.AlreadyJoined, session.Join(Now.AddMinutes(1))?.Code);
        Assert.Equal(Now, session.JoinedAt);
        Assert.Single(session.PendingEvents().OfType<VoucherSessionJoined>());

        Assert.Null(session.Close([voucher], Now));
        Assert.Equal(VoucherStatus.Discarded, voucher.Status);
        Assert.Equal(ErrorCodes.AlreadyClosed, session.Close([], Now)?.Code);
        Assert.Equal(ErrorCodes.SessionClosed, session.Join(Now)?.Code);
        Assert.Equal(ErrorCodes.SessionClosed, session.Reserve("654321", Now).Error?.Code);
    }

    [Fact]
    public void closing_a_session_keeps_redeemed_vouchers_open()
    {
        var (session, voucher, _) = Redeemed();
        Assert.Null(session.Close([voucher], Now));
        Assert.Equal(VoucherStatus.Redeemed, voucher.Status);
    }

    [Fact]
    public void a_payer_context_closes_once()
    {
        var context = VoucherContext.OpenWith("ctx_9", "XYZ789", ContextFormat.Alphanum, [], null, Now);
        Assert.Null(context.Close(null, Now));
        Assert.False(context.Open);
        Assert.Equal(ErrorCodes.AlreadyClosed, context.Close(null, Now)?.Code);
        Assert.Equal(["voucher_context.opened", "voucher_context.closed"], context.PendingEvents().Select(e => e.Type));
        Assert.All(context.PendingEvents(), e => Assert.Equal(context.Id, e.ContextId));
    }

    private static readonly CustomCall Approve = new(
        [new CallNetwork("polygon", 137)], "0x2791bca1f2de4661ed88a30c99a7a9449aa84174", "0", "0x095ea7b3" + new string('0', 128), null);

    [Fact]
    public void a_standalone_voucher_belongs_to_its_context_and_payee_and_needs_the_context_open()
    {
        var context = VoucherContext.OpenWith("ctx_2", "QWE234", ContextFormat.Numeric, ["0x70997970c51812dc3a010c7d01b50e0d17dc79c8"], null, Now);
        var voucher = Voucher.ReserveStandalone(context, Shop.Id, "482916", Now).Value!;

        Assert.True(voucher.Standalone);
        var reserved = Assert.IsType<VoucherReserved>(Assert.Single(voucher.PendingEvents()));
        Assert.True(reserved.Standalone);
        Assert.Equal((null, context.Id, Shop.Id), (reserved.SessionId, reserved.ContextId!.Value, reserved.MerchantId!.Value));
        Assert.Equal(context.Id, context.PayerId);

        Assert.Null(context.Close(null, Now));
        Assert.Equal(ErrorCodes.InvalidCode, Voucher.ReserveStandalone(context, Shop.Id, "482917", Now).Error?.Code);
    }

    [Fact]
    public void negotiating_needs_a_redeemed_unpaid_simple_voucher_on_the_same_network()
    {
        var supplied = new SuppliedPayment("polygon", "USDT", "0xc2132d05d31c914a87c6611c10748aeb04b58e8f", "5", "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        var (reservedSession, reserved) = Reserved();
        Assert.Equal(ErrorCodes.NotRedeemed, reserved.Negotiate(supplied, null, Now)?.Code);

        var (customSession, custom) = Reserved();
        Assert.Null(custom.RedeemCustom(customSession, Approve, Now.AddMinutes(15), Now));
        Assert.Equal(ErrorCodes.NotSimple, custom.Negotiate(supplied, null, Now)?.Code);

        var (_, voucher, paySession) = Redeemed();
        var payment = OpenPayment(paySession);
        Assert.Equal(ErrorCodes.DifferentNetwork, voucher.Negotiate(supplied with { Network = "ethereum" }, payment, Now)?.Code);
        Assert.Null(voucher.Negotiate(supplied, payment, Now));
        Assert.Equal(supplied, voucher.Supplied);
        Assert.Equal(Expected, voucher.Expected);
        Assert.Contains(voucher.PendingEvents(), e => e is VoucherNegotiated { Currency: "USDT" });

        payment.ApplyChain(Paying(payment, 1, paid: 1), 0m, Now);
        Assert.Equal(ErrorCodes.PaymentClosed, voucher.Negotiate(supplied, payment, Now)?.Code);
        _ = reservedSession;
    }

    [Fact]
    public void a_receipt_with_only_the_payment_id_resolves_the_voucher_when_the_chain_shows_the_transfer()
    {
        var (session, voucher, paySession) = Redeemed();
        var payment = OpenPayment(paySession);
        Assert.False(voucher.Follow(payment, Now));

        Assert.Null(voucher.SubmitReceipt(session, payment, VoucherPayments.IdOf(payment), Now));
        Assert.Equal(VoucherStatus.Redeemed, voucher.Status);
        Assert.Contains(voucher.PendingEvents(), e => e is VoucherReceiptSubmitted);

        payment.ApplyChain(Paying(payment, 1), 0m, Now);
        Assert.True(voucher.Follow(payment, Now));
        Assert.Equal(VoucherStatus.Resolved, voucher.Status);
        Assert.False(voucher.Follow(payment, Now));
    }

    [Fact]
    public void a_custom_voucher_resolves_by_its_transaction_only_and_expires_unsent()
    {
        var (session, voucher) = Reserved();
        Assert.Null(voucher.RedeemCustom(session, Approve, Now.AddMinutes(15), Now));
        Assert.Equal(VoucherType.Custom, voucher.Type);
        var call = voucher.Call!;
        Assert.Equal(Approve.Networks, call.Networks);
        Assert.Equal(Approve with { Networks = call.Networks }, call);
        Assert.Null(voucher.Expected);
        Assert.Equal(VoucherStatus.Expired, voucher.StatusAt(Now.AddMinutes(15), null));
        Assert.Equal(ErrorCodes.NotSimple, voucher.Resolve(session, null, Now)?.Code);

        Assert.Null(voucher.ResolveCall(session, "polygon", "0x" + new string('c', 64), Now));
        Assert.Equal((VoucherStatus.Resolved, "0x" + new string('c', 64)), (voucher.Status, voucher.CallTxHash));
        Assert.Equal(ErrorCodes.AlreadyResolved, voucher.ResolveCall(session, "polygon", "0x" + new string('d', 64), Now)?.Code);
    }
}
