using System.Numerics;

namespace PaySessions.Core.Payments;

/// <summary>
/// Which open payment an incoming transfer pays: pure rules, no I/O, applied in this order.
/// 1. The exact unique amount: nobody's claim can take a transfer that is plainly another payment's.
/// 2. The payer told us this transaction pays this payment.
/// 3. Exactly what an underpaid payment still misses (a top-up).
/// 4. Close to one payment's amount (within 10 %) and to no other's: an under- or overpayment of it.
/// Every rule also requires the transfer to have been made after the payment existed.
/// </summary>
public static class TransferMatcher
{
    /// <summary>A transfer this far from a payment's amount (either way) may still be matched to it when it is the only candidate.</summary>
    public const int ApproximatePercent = 10;

    /// <summary>Rules 1 and 2. <paramref name="exact"/>: the open payment asking exactly this amount; <paramref name="claimed"/>: the one whose payer claimed the transaction.</summary>
    public static Payment? ByAmountOrClaim(ChainTransfer transfer, Payment? exact, Payment? claimed)
    {
        if (exact is { MatchByAmount: true } && exact.Amount == transfer.Value && exact.CouldBePaidBy(transfer))
        {
            return exact;
        }

        return claimed is not null && claimed.CouldBePaidBy(transfer) ? claimed : null;
    }

    /// <summary>
    /// Rules 3 and 4 among the unsettled amount-matched payments to the same token and recipient. Payments
    /// already paid by a transfer earlier in the same batch (<paramref name="touched"/>) are not guessed at again.
    /// </summary>
    public static Payment? ByShortfallOrProximity(ChainTransfer transfer, IEnumerable<Payment> unsettled, IReadOnlySet<Guid> touched)
    {
        var candidates = unsettled.Where(p => p.MatchByAmount && p.Status != PaymentStatus.Succeeded && p.CouldBePaidBy(transfer)).ToList();

        var topUps = candidates.Where(p => p.ExceptionStatus == PaymentException.Underpaid && p.Amount - p.Paid == transfer.Value).ToList();
        if (topUps.Count == 1)
        {
            return topUps[0];
        }

        var near = candidates
            .Where(p => p.Paid.IsZero && !touched.Contains(p.Id) && p.Status != PaymentStatus.Processing)
            .Where(p => BigInteger.Abs(p.Amount - transfer.Value) * 100 <= p.Amount * ApproximatePercent)
            .ToList();
        return near.Count == 1 ? near[0] : null;
    }
}
