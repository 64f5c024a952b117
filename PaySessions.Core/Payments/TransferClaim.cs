namespace PaySessions.Core.Payments;

/// <summary>
/// A transaction a payer handed over as paying a payment (browser wallet, voucher receipt). A transaction
/// hash can be claimed for one payment only: the database refuses a second claim.
/// </summary>
public sealed class TransferClaim
{
    public required string Network { get; set; }

    public required string TxHash { get; set; }

    public Guid PaymentId { get; set; }

    public DateTime CreatedAt { get; set; }
}
