using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Payments;

namespace PaySessions.Core.History;

/// <summary>Why a payment still needs someone's attention at the end of the day.</summary>
public enum UnresolvedReason
{
    /// <summary>Paid, still waiting for the network's confirmations.</summary>
    Confirming,

    Underpaid,

    Overpaid,

    /// <summary>Paid after the sale had expired.</summary>
    PaidLate,

    /// <summary>A second payment for a sale that another payment had already paid: money to give back.</summary>
    PaidTwice,
}

/// <summary>A payment of the day that is not settled cleanly, with the sale it belongs to.</summary>
public sealed record UnresolvedPayment(
    Guid SessionId, DateTime SaleCreatedAt, Guid? CashierId, string Descriptor, decimal SaleAmount, string SaleCurrency,
    SalePayment Payment, UnresolvedReason Reason)
{
    public string Expected => TokenAmount.Format(Payment.Amount, Payment.Decimals);

    public string Paid => TokenAmount.Format(Payment.Paid, Payment.Decimals);

    public string Description => Reason switch
    {
        UnresolvedReason.Confirming => "Confirming on chain",
        UnresolvedReason.Underpaid => "Underpaid",
        UnresolvedReason.Overpaid => "Overpaid",
        UnresolvedReason.PaidLate => "Paid late",
        _ => "Paid again after the sale was paid",
    };
}

/// <summary>
/// The rule for what is unresolved: a payment still confirming, one flagged underpaid, overpaid or paid late (whatever
/// its status), and a second payment that arrived for a sale already paid. Pure: no I/O.
/// </summary>
public static class UnresolvedPayments
{
    public static IEnumerable<UnresolvedPayment> In(SaleLine sale) =>
        sale.Payments.Select(p => ReasonFor(sale, p) is { } reason
            ? new UnresolvedPayment(sale.SessionId, sale.CreatedAt, sale.CashierId, sale.Descriptor, sale.Amount, sale.Currency, p, reason)
            : null).OfType<UnresolvedPayment>();

    public static UnresolvedReason? ReasonFor(SaleLine sale, SalePayment payment) => payment.Exception switch
    {
        PaymentException.Underpaid => UnresolvedReason.Underpaid,
        PaymentException.Overpaid => UnresolvedReason.Overpaid,
        PaymentException.PaidLate => UnresolvedReason.PaidLate,
        _ when sale.IsPaid && payment.Id != sale.TransactionId && payment.Paid > BigInteger.Zero
            && payment.Status is PaymentStatus.Processing or PaymentStatus.Succeeded => UnresolvedReason.PaidTwice,
        _ when payment.Status == PaymentStatus.Processing => UnresolvedReason.Confirming,
        _ => null,
    };
}
