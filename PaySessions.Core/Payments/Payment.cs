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

    /// <summary>Sum of the live transfers that pay this payment, in base units.</summary>
    public BigInteger Paid { get; set; }

    /// <summary>Confirmations of the least-confirmed paying transfer (0 while none).</summary>
    public int Confirmations { get; set; }

    public int RequiredConfirmations { get; set; }

    /// <summary>The transaction of the latest paying transfer.</summary>
    public string? TxHash { get; set; }

    /// <summary>
    /// Whether an incoming transfer may be matched to this payment by its amount. Checkout payments: yes (their
    /// amounts are made unique). Voucher payments ask for a round amount and are matched only by the receipts
    /// the payer submits.
    /// </summary>
    public bool MatchByAmount { get; set; } = true;

    public DateTime? SettledAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime MonitorUntil { get; set; }

    public static readonly TimeSpan CanceledGrace = TimeSpan.FromMinutes(15);

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
        // A transfer already on its way is still recognised for a while; after that the amount is free again,
        // so customers switching assets cannot pin down the unique amounts of a price.
        if (MonitorUntil > now + CanceledGrace)
        {
            MonitorUntil = now + CanceledGrace;
        }

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

    /// <summary>
    /// Recomputes status and exception from what the chain shows: the live transfers paying this payment and how
    /// deep the least-confirmed one is. Reversible until succeeded: a transfer lost to a reorg takes it back to pending.
    /// </summary>
    public bool ApplyChain(BigInteger paid, int confirmations, string? txHash, bool paidAfterExpiry, decimal underpaymentTolerance, DateTime now)
    {
        if (Status == PaymentStatus.Succeeded)
        {
            return false;
        }

        var before = (Status, ExceptionStatus, Paid, Confirmations);
        Paid = paid;
        TxHash = txHash;
        Confirmations = paid.IsZero ? 0 : confirmations;
        var enough = paid >= Amount - MaxShortfall(underpaymentTolerance);
        ExceptionStatus = paid.IsZero ? PaymentException.None
            : paidAfterExpiry && enough ? PaymentException.PaidLate
            : paid < Amount ? PaymentException.Underpaid
            : paid > Amount ? PaymentException.Overpaid
            : PaymentException.None;
        Status = enough ? PaymentStatus.Processing
            : Status == PaymentStatus.Processing ? (now >= ExpiresAt ? PaymentStatus.Expired : PaymentStatus.Pending)
            : Status;
        var changed = before != (Status, ExceptionStatus, Paid, Confirmations);
        if (changed)
        {
            UpdatedAt = now;
        }

        return changed;
    }

    /// <summary>The paying transfers are deep enough and their receipts were re-checked: final.</summary>
    public bool Settle(DateTime now)
    {
        if (Status != PaymentStatus.Processing || Confirmations < RequiredConfirmations)
        {
            return false;
        }

        Status = PaymentStatus.Succeeded;
        HoldsAmount = false;
        SettledAt = now;
        UpdatedAt = now;
        return true;
    }

    /// <summary>Computed in integers (millionths of the amount): a decimal would overflow for large 18-decimal amounts.</summary>
    private BigInteger MaxShortfall(decimal tolerance) =>
        tolerance <= 0 ? BigInteger.Zero : Amount * (long)(Math.Min(tolerance, 1m) * 1_000_000m) / 1_000_000;

    /// <summary>Chain clocks and ours drift; a transfer mined this long before the payment existed may still be for it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>Could this transfer have been made for this payment? Not if it was mined before the payment was created.</summary>
    public bool CouldBePaidBy(ChainTransfer transfer) => transfer.BlockTime >= CreatedAt - ClockSkew;

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
