using System.Globalization;
using System.Numerics;
using PaySessions.Core.Events;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Payments;

/// <summary>
/// One expected on-chain payment: this asset, this many base units, to this recipient, before this time.
/// The checkout API calls it a Transaction. Its status changes only through the methods below, each checked
/// against <see cref="PaymentTransitions"/> and recorded as an event.
/// </summary>
public sealed class Payment : Aggregate
{
    public static readonly TimeSpan CanceledGrace = TimeSpan.FromMinutes(15);

    /// <summary>Chain clocks and ours drift; a transfer mined this long before the payment existed may still be for it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private Payment()
    {
    }

    /// <summary>Time-ordered like the session's (UUID version 7), so new payments are written at the end of their indexes.</summary>
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid SessionId { get; private set; }

    public Guid MerchantId { get; private set; }

    public string Network { get; private set; } = "";

    public long ChainId { get; private set; }

    public string Asset { get; private set; } = "";

    public string TokenContract { get; private set; } = "";

    public int Decimals { get; private set; }

    public string Recipient { get; private set; } = "";

    /// <summary>The exact amount asked for, in base units, made unique among open payments to the same recipient and token.</summary>
    public BigInteger Amount { get; private set; }

    /// <summary>The priced amount before the uniqueness offset was added.</summary>
    public BigInteger QuotedAmount { get; private set; }

    /// <summary>Fiat-to-token rate locked when the payment was created (token units per unit of the session's currency).</summary>
    public decimal Rate { get; private set; }

    public PaymentStatus Status { get; private set; }

    public PaymentException ExceptionStatus { get; private set; }

    /// <summary>True while the amount is reserved for matching: from creation until the monitoring window ends or the payment settles.</summary>
    public bool HoldsAmount { get; private set; } = true;

    /// <summary>Sum of the live transfers that pay this payment, in base units.</summary>
    public BigInteger Paid { get; private set; }

    /// <summary>Confirmations of the least-confirmed paying transfer (0 while none).</summary>
    public int Confirmations { get; private set; }

    public int RequiredConfirmations { get; private set; }

    /// <summary>The transaction of the latest paying transfer.</summary>
    public string? TxHash { get; private set; }

    /// <summary>The sending address of the latest paying transfer (lowercase): who paid, and where a refund goes.</summary>
    public string? Payer { get; private set; }

    /// <summary>
    /// Whether an incoming transfer may be matched to this payment by its amount. Every payment opened now is (amounts
    /// are unique among open payments to one wallet and token); voucher payments opened by earlier versions were matched
    /// only by the receipts the payer submitted, and stay so.
    /// </summary>
    public bool MatchByAmount { get; private set; } = true;

    public DateTime? SettledAt { get; private set; }

    /// <summary>Base units sent back to the payer by refunds the chain confirmed.</summary>
    public BigInteger Refunded { get; private set; }

    /// <summary>What may still be refunded: what was paid, less what was sent back.</summary>
    public BigInteger Refundable => Status == PaymentStatus.Succeeded ? BigInteger.Max(BigInteger.Zero, Paid - Refunded) : BigInteger.Zero;

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public DateTime MonitorUntil { get; private set; }

    /// <summary>Opens the payment that pays <paramref name="session"/> in the quoted asset, asking exactly <paramref name="amount"/>.</summary>
    public static Payment Open(PaySession session, AssetQuote quote, BigInteger amount, TimeSpan monitoring, DateTime now)
    {
        var payment = new Payment
        {
            SessionId = session.Id,
            MerchantId = session.MerchantId,
            Network = quote.Asset.Network.Name,
            ChainId = quote.Asset.Network.ChainId,
            Asset = quote.Asset.Symbol,
            TokenContract = quote.Asset.Contract,
            Decimals = quote.Asset.Decimals,
            Recipient = quote.Recipient,
            QuotedAmount = quote.Amount,
            Amount = amount,
            Rate = quote.Rate,
            Status = PaymentStatus.Pending,
            RequiredConfirmations = quote.Asset.Network.Confirmations,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = session.ExpiresAt,
            MonitorUntil = session.ExpiresAt + monitoring,
        };
        payment.Record(new PaymentCreated(
            payment.Network, payment.Asset, payment.TokenContract, payment.Decimals, payment.Recipient,
            amount.ToString(CultureInfo.InvariantCulture), payment.Rate, payment.ExpiresAt) { OccurredAt = now });
        return payment;
    }

    /// <summary>Records that a person attached an unmatched transfer; the ledger then recomputes the payment from its transfers.</summary>
    public void TransferAttached(ChainTransfer transfer, DateTime now) =>
        Record(new PaymentTransferAttached(transfer.TxHash, transfer.LogIndex, transfer.From, transfer.Value.ToString(CultureInfo.InvariantCulture)) { OccurredAt = now });

    /// <summary>A refund confirmed on chain. Only a paid payment is refunded, and never beyond what was paid.</summary>
    public bool RefundConfirmed(string refundId, BigInteger amount, string txHash, DateTime now)
    {
        if (Status != PaymentStatus.Succeeded || amount <= 0 || amount > Refundable)
        {
            return false;
        }

        Refunded += amount;
        UpdatedAt = now;
        Record(new PaymentRefunded(refundId, amount.ToString(CultureInfo.InvariantCulture), Refunded.ToString(CultureInfo.InvariantCulture), txHash, Refunded >= Paid)
        {
            OccurredAt = now,
        });
        return true;
    }

    public PaymentStatus StatusAt(DateTime now) =>
        Status == PaymentStatus.Pending && now >= ExpiresAt ? PaymentStatus.Expired : Status;

    /// <summary>Could this transfer have been made for this payment? Not if it was mined before the payment was created.</summary>
    public bool CouldBePaidBy(ChainTransfer transfer) => transfer.BlockTime >= CreatedAt - ClockSkew;

    /// <summary>The customer picked something else or the cashier gave up: a pending payment ends here.</summary>
    public bool Cancel(DateTime now)
    {
        if (Status != PaymentStatus.Pending)
        {
            return false;
        }

        MoveTo(PaymentStatus.Canceled, now);
        // A transfer already on its way is still recognised for a while; after that the amount is free again,
        // so customers switching assets cannot pin down the unique amounts of a price.
        if (MonitorUntil > now + CanceledGrace)
        {
            MonitorUntil = now + CanceledGrace;
        }

        return true;
    }

    public bool ExpireIfDue(DateTime now)
    {
        if (Status != PaymentStatus.Pending || now < ExpiresAt)
        {
            return false;
        }

        MoveTo(PaymentStatus.Expired, now);
        return true;
    }

    /// <summary>
    /// Recomputes status and exception from what the chain shows: the live transfers paying this payment and how
    /// deep the least-confirmed one is. Reversible until succeeded: a transfer lost to a reorg takes it back to pending.
    /// </summary>
    public bool ApplyChain(ChainPayingState chain, decimal underpaymentTolerance, DateTime now)
    {
        if (Status == PaymentStatus.Succeeded)
        {
            return false;
        }

        var paid = chain.Paid;
        var enough = paid >= Amount - MaxShortfall(underpaymentTolerance);
        var exception = paid.IsZero ? PaymentException.None
            : chain.PaidAfterExpiry && enough ? PaymentException.PaidLate
            : paid < Amount ? PaymentException.Underpaid
            : paid > Amount ? PaymentException.Overpaid
            : PaymentException.None;
        var status = enough ? PaymentStatus.Processing
            : Status == PaymentStatus.Processing ? (now >= ExpiresAt ? PaymentStatus.Expired : PaymentStatus.Pending)
            : Status;
        var confirmations = paid.IsZero ? 0 : chain.Confirmations;

        var changed = false;
        if ((Paid, TxHash, Confirmations, RequiredConfirmations) != (paid, chain.TxHash, confirmations, chain.RequiredConfirmations))
        {
            (Paid, TxHash, Confirmations, RequiredConfirmations) = (paid, chain.TxHash, confirmations, chain.RequiredConfirmations);
            Record(new PaymentProgressed(paid.ToString(CultureInfo.InvariantCulture), TxHash, Confirmations, RequiredConfirmations) { OccurredAt = now });
            changed = true;
        }

        if (Payer != chain.Payer)
        {
            Payer = chain.Payer;
            changed = true;
        }

        if (exception != ExceptionStatus)
        {
            Record(new PaymentExceptionChanged(ExceptionStatus, exception) { OccurredAt = now });
            ExceptionStatus = exception;
            changed = true;
        }

        if (status != Status)
        {
            MoveTo(status, now);
            changed = true;
        }

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

        MoveTo(PaymentStatus.Succeeded, now);
        HoldsAmount = false;
        SettledAt = now;
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

    private void MoveTo(PaymentStatus to, DateTime now)
    {
        if (!PaymentTransitions.Allowed(Status, to))
        {
            throw new InvalidOperationException($"A payment cannot go from {Status} to {to}.");
        }

        Record(new PaymentStatusChanged(Status, to, ExceptionStatus) { OccurredAt = now });
        Status = to;
        UpdatedAt = now;
    }

    /// <summary>Computed in integers (millionths of the amount): a decimal would overflow for large 18-decimal amounts.</summary>
    private BigInteger MaxShortfall(decimal tolerance) =>
        tolerance <= 0 ? BigInteger.Zero : Amount * (long)(Math.Min(tolerance, 1m) * 1_000_000m) / 1_000_000;

    private new void Record(DomainEvent domainEvent) =>
        base.Record(domainEvent with { MerchantId = MerchantId, SessionId = SessionId, PaymentId = Id });
}

/// <summary>What the chain shows for one payment: the sum of its live paying transfers, the depth of the newest and who sent it.</summary>
public sealed record ChainPayingState(BigInteger Paid, int Confirmations, int RequiredConfirmations, string? TxHash, bool PaidAfterExpiry, string? Payer = null);

/// <summary>The payment state machine: which status may follow which. Succeeded is final.</summary>
public static class PaymentTransitions
{
    public static bool Allowed(PaymentStatus from, PaymentStatus to) => (from, to) switch
    {
        (PaymentStatus.Pending, PaymentStatus.Processing or PaymentStatus.Canceled or PaymentStatus.Expired) => true,
        (PaymentStatus.Processing, PaymentStatus.Succeeded or PaymentStatus.Pending or PaymentStatus.Expired) => true,
        // A transfer already under way when the customer switched assets, or one that arrived late.
        (PaymentStatus.Canceled or PaymentStatus.Expired, PaymentStatus.Processing) => true,
        _ => false,
    };
}
