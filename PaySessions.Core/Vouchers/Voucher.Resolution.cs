using PaySessions.Core.Common;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;

namespace PaySessions.Core.Vouchers;

/// <summary>How a redeemed voucher resolves: by receipts verified on chain, by a receipt the chain confirms later, or by its CUSTOM transaction.</summary>
public sealed partial class Voucher
{
    /// <summary>Why the voucher cannot be resolved now, or null when it can.</summary>
    public PayError? ResolveRefusal(DateTime now, PaymentStatus? paymentStatus) => StatusAt(now, paymentStatus) switch
    {
        VoucherStatus.Reserved => PayError.Conflict(ErrorCodes.NotRedeemed, "The voucher is not redeemed yet: the payee has not said what to pay."),
        VoucherStatus.Resolved => PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved."),
        VoucherStatus.Discarded or VoucherStatus.Expired => PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or has expired."),
        _ when Type == VoucherType.Simple && (PaySessionId is null || paymentStatus is null) => PayError.Conflict(ErrorCodes.PaymentClosed, "The voucher has no payment to resolve."),
        _ => null,
    };

    /// <summary>SIMPLE: the payer handed over receipts, verified on chain, that pay <paramref name="payment"/>.</summary>
    public PayError? Resolve(VoucherSession? session, Payment? payment, DateTime now)
    {
        CheckSession(session);
        if ((ResolveRefusal(now, payment?.Status) ?? (Type == VoucherType.Simple ? null : NotSimple())) is { } refused)
        {
            return refused;
        }

        MoveTo(VoucherStatus.Resolved, now);
        return null;
    }

    /// <summary>
    /// SIMPLE: the payer says it paid <paramref name="payment"/> without naming the transaction. Resolved at once when
    /// the chain already shows the transfer; otherwise remembered, and <see cref="Follow"/> resolves it when it does.
    /// </summary>
    public PayError? SubmitReceipt(VoucherSession? session, Payment payment, string paymentId, DateTime now)
    {
        CheckSession(session);
        if ((ResolveRefusal(now, payment.Status) ?? (Type == VoucherType.Simple ? null : NotSimple())) is { } refused)
        {
            return refused;
        }

        if (ReceiptSubmittedAt is null)
        {
            ReceiptSubmittedAt = now;
            UpdatedAt = now;
            Record(new VoucherReceiptSubmitted(PublicId, paymentId) { OccurredAt = now });
        }

        Follow(payment, now);
        return null;
    }

    /// <summary>
    /// The ledger saw the voucher's payment change: once the payer has submitted a receipt, the voucher resolves when the
    /// chain shows a transfer paying it. True when the voucher changed.
    /// </summary>
    public bool Follow(Payment payment, DateTime now)
    {
        if (Status != VoucherStatus.Redeemed || ReceiptSubmittedAt is null || payment.SessionId != PaySessionId
            || payment.Status is not (PaymentStatus.Processing or PaymentStatus.Succeeded))
        {
            return false;
        }

        MoveTo(VoucherStatus.Resolved, now);
        return true;
    }

    /// <summary>CUSTOM: the payer's transaction was read from <paramref name="network"/> and is exactly the one asked for.</summary>
    public PayError? ResolveCall(VoucherSession? session, string network, string txHash, DateTime now)
    {
        CheckSession(session);
        if ((ResolveRefusal(now, null) ?? (Type == VoucherType.Custom ? null : PayError.Conflict(ErrorCodes.PaymentClosed, "A SIMPLE voucher is resolved by its transfer."))) is { } refused)
        {
            return refused;
        }

        (CallTxNetwork, CallTxHash) = (network, txHash);
        MoveTo(VoucherStatus.Resolved, now);
        return null;
    }
}
