using PaySessions.Core.Payments;

namespace PaySessions.Core.Sessions;

public enum SessionKind
{
    /// <summary>The checkout API and the cashier's sale: one live transaction, amounts made unique.</summary>
    Checkout = 0,

    /// <summary>Backs one voucher: exactly the amount asked, to the wallet named, matched by the payer's receipts.</summary>
    Voucher = 1,
}

/// <summary>A sale: who sells, how much in fiat, until when. It holds at most one live payment (the checkout API's Transaction).</summary>
public sealed class PaySession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid MerchantId { get; set; }

    /// <summary>The merchant's account, copied at creation: the checkout API reports it with every session.</summary>
    public Guid AccountId { get; set; }

    public string Descriptor { get; set; } = "";

    public string ReferenceNumber { get; set; } = "";

    public string ExternalMid { get; set; } = "";

    public decimal Amount { get; set; }

    public required string AmountCurrency { get; set; }

    /// <summary>A merchant-supplied rate (secret key only) that overrides the rate provider for assets not pegged to the currency.</summary>
    public decimal? FxRate { get; set; }

    public PaymentStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public Guid? TransactionId { get; set; }

    public SessionKind Kind { get; set; }

    /// <summary>Voucher sessions pay a wallet the payee names, on one network, instead of the merchant's configured wallets.</summary>
    public string? Recipient { get; set; }

    public string? Network { get; set; }

    public PaymentStatus StatusAt(DateTime now) =>
        Status == PaymentStatus.Pending && now >= ExpiresAt ? PaymentStatus.Expired : Status;

    /// <summary>Links the customer's new choice; the payment it replaces must already be canceled by the caller.</summary>
    public void Attach(Payment payment, DateTime now)
    {
        TransactionId = payment.Id;
        UpdatedAt = now;
    }

    /// <summary>
    /// The session's status follows the payment that pays it: a paid payment (even one the customer had
    /// replaced) becomes the session's transaction; when its transfer is lost to a reorg the session reopens.
    /// </summary>
    public bool Follow(Payment payment, DateTime now)
    {
        var before = (Status, TransactionId);
        if (payment.Status is PaymentStatus.Processing or PaymentStatus.Succeeded)
        {
            TransactionId = payment.Id;
            Status = payment.Status;
        }
        else if (TransactionId == payment.Id && Status is PaymentStatus.Processing)
        {
            Status = now >= ExpiresAt ? PaymentStatus.Expired : PaymentStatus.Pending;
        }

        var changed = before != (Status, TransactionId);
        if (changed)
        {
            UpdatedAt = now;
        }

        return changed;
    }

    public bool Cancel(DateTime now)
    {
        if (StatusAt(now) != PaymentStatus.Pending)
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
}
