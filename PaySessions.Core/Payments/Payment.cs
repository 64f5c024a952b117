using System.Numerics;

namespace PaySessions.Core.Payments;

/// <summary>
/// One expected on-chain payment: this asset, this many base units, to this recipient, before this time.
/// The checkout API calls it a Transaction.
/// </summary>
public sealed class Payment
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SessionId { get; set; }

    public Guid MerchantId { get; set; }

    public required string Network { get; set; }

    public long ChainId { get; set; }

    public required string Asset { get; set; }

    public required string TokenContract { get; set; }

    public int Decimals { get; set; }

    public required string Recipient { get; set; }

    /// <summary>The exact amount asked for, in base units, made unique among open payments to the same recipient and token.</summary>
    public BigInteger Amount { get; set; }

    /// <summary>The priced amount before the uniqueness offset was added.</summary>
    public BigInteger QuotedAmount { get; set; }

    /// <summary>Fiat-to-token rate locked when the payment was created (token units per unit of the session's currency).</summary>
    public decimal Rate { get; set; }

    public PaymentStatus Status { get; set; }

    public PaymentException ExceptionStatus { get; set; }

    /// <summary>True while the amount is reserved for matching: from creation until the monitoring window ends or the payment settles.</summary>
    public bool HoldsAmount { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime MonitorUntil { get; set; }

    public PaymentStatus StatusAt(DateTime now) =>
        Status == PaymentStatus.Pending && now >= ExpiresAt ? PaymentStatus.Expired : Status;

    /// <summary>The customer picked something else or the cashier gave up: a pending payment ends here.</summary>
    public bool Cancel(DateTime now)
    {
        if (Status != PaymentStatus.Pending)
        {
            return false;
        }

        Status = PaymentStatus.Canceled;
        UpdatedAt = now;
        return true;
    }

    public bool ExpireIfDue(DateTime now)
    {
        if (Status != PaymentStatus.Pending || now < ExpiresAt)
        {
            return false;
        }

        Status = PaymentStatus.Expired;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Once the monitoring window is over, nothing more is matched against this amount.</summary>
    public bool ReleaseAmountIfDue(DateTime now)
    {
        if (!HoldsAmount || now < MonitorUntil)
        {
            return false;
        }

        HoldsAmount = false;
        return true;
    }
}
