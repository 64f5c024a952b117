using PaySessions.Core.Events;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;

namespace PaySessions.Core.Sessions;

public enum SessionKind
{
    /// <summary>The checkout API and the cashier's sale: one live transaction, amounts made unique.</summary>
    Checkout = 0,

    /// <summary>Backs one voucher: exactly the amount asked, to the wallet named, matched by the payer's receipts.</summary>
    Voucher = 1,
}

/// <summary>
/// A sale: who sells, how much in fiat, until when. It holds at most one live payment (the checkout API's
/// Transaction). Its status changes only through its methods, checked against <see cref="SessionTransitions"/>.
/// </summary>
public sealed class PaySession : Aggregate
{
    private PaySession()
    {
    }

    /// <summary>
    /// Time-ordered (UUID version 7: a millisecond timestamp, then 74 random bits), so a new session's id, and every
    /// index that starts with it, is written at the end of its index instead of on a random page of it.
    /// </summary>
    public Guid Id { get; private set; } = Guid.CreateVersion7();

    public Guid MerchantId { get; private set; }

    /// <summary>The merchant's account, copied at creation: the checkout API reports it with every session.</summary>
    public Guid AccountId { get; private set; }

    public string Descriptor { get; private set; } = "";

    public string ReferenceNumber { get; private set; } = "";

    public string ExternalMid { get; private set; } = "";

    public decimal Amount { get; private set; }

    public string AmountCurrency { get; private set; } = "";

    /// <summary>A merchant-supplied rate (secret key only) that overrides the rate provider for assets not pegged to the currency.</summary>
    public decimal? FxRate { get; private set; }

    public PaymentStatus Status { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public Guid? TransactionId { get; private set; }

    public SessionKind Kind { get; private set; }

    /// <summary>Voucher sessions pay a wallet the payee names, on one network, instead of the merchant's configured wallets.</summary>
    public string? Recipient { get; private set; }

    /// <summary>The network of the current transaction (a voucher session's from the start): what the history filters on.</summary>
    public string? Network { get; private set; }

    // The current transaction's facts, copied here by Attach and Follow so the history filters and searches one
    // indexed table instead of joining payments and transfers at a million rows. Nothing else writes them.

    /// <summary>The asset of the current transaction; null until the customer picks.</summary>
    public string? Asset { get; private set; }

    public PaymentException ExceptionStatus { get; private set; }

    /// <summary>The transaction hash of the current transaction's latest paying transfer.</summary>
    public string? TxHash { get; private set; }

    /// <summary>The sending address of the current transaction's latest paying transfer.</summary>
    public string? Payer { get; private set; }

    /// <summary>The signed-in user who rang the sale up at the terminal; null for sales made over the API.</summary>
    public Guid? CashierId { get; private set; }

    /// <summary>A checkout sale priced in fiat, paid to the merchant's own wallets.</summary>
    public static PaySession OpenCheckout(Merchant merchant, CreateSessionRequest request, DateTime now, Guid? cashierId = null) =>
        Open(merchant, SessionKind.Checkout, request.Amount!.Value, request.AmountCurrency!, now, session =>
        {
            session.CashierId = cashierId;
            session.Descriptor = request.Descriptor?.Trim() ?? "";
            session.ReferenceNumber = request.ReferenceNumber?.Trim() ?? "";
            session.FxRate = request.FxRate;
        });

    /// <summary>The session behind one redeemed voucher: exactly this amount of the pegged currency, to this wallet, on this network.</summary>
    public static PaySession OpenForVoucher(Merchant merchant, string voucherCode, string voucherId, decimal amount, string currency, string network, string recipient, DateTime now) =>
        Open(merchant, SessionKind.Voucher, amount, currency, now, session =>
        {
            session.Descriptor = $"Voucher {voucherCode}";
            session.ReferenceNumber = voucherId;
            session.Recipient = recipient;
            session.Network = network;
        });

    private static PaySession Open(Merchant merchant, SessionKind kind, decimal amount, string currency, DateTime now, Action<PaySession> details)
    {
        var session = new PaySession
        {
            Kind = kind,
            MerchantId = merchant.Id,
            AccountId = merchant.AccountId,
            ExternalMid = merchant.ExternalMid,
            Amount = amount,
            AmountCurrency = currency,
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now.AddMinutes(merchant.ExpirationMinutes),
        };
        details(session);
        session.Record(new SessionCreated(kind, amount, currency, session.ExpiresAt) { OccurredAt = now });
        return session;
    }

    public PaymentStatus StatusAt(DateTime now) =>
        Status == PaymentStatus.Pending && now >= ExpiresAt ? PaymentStatus.Expired : Status;

    /// <summary>Links the customer's new choice; the payment it replaces must already be canceled by the caller.</summary>
    public void Attach(Payment payment, DateTime now)
    {
        if (payment.SessionId != Id)
        {
            throw new InvalidOperationException("A session takes only its own payments.");
        }

        SetTransaction(payment.Id, now);
        Mirror(payment);
    }

    /// <summary>
    /// The session's status follows the payment that pays it: a paid payment (even one the customer had
    /// replaced) becomes the session's transaction; when its transfer is lost to a reorg the session reopens.
    /// </summary>
    public bool Follow(Payment payment, DateTime now)
    {
        if (Status == PaymentStatus.Succeeded)
        {
            // Already paid: a second paying transfer is the payment's own exception, not a new state of the sale.
            return false;
        }

        var before = (Status, TransactionId);
        if (payment.Status is PaymentStatus.Processing or PaymentStatus.Succeeded)
        {
            SetTransaction(payment.Id, now);
            MoveTo(payment.Status, now);
        }
        else if (TransactionId == payment.Id && Status is PaymentStatus.Processing)
        {
            MoveTo(now >= ExpiresAt ? PaymentStatus.Expired : PaymentStatus.Pending, now);
        }

        if (TransactionId == payment.Id)
        {
            // An underpayment changes the payment but not the sale's status: the copy follows it all the same.
            Mirror(payment);
        }

        return before != (Status, TransactionId);
    }

    /// <param name="reason">Why, when the caller said; kept on the event for the timeline.</param>
    public bool Cancel(DateTime now, string? reason = null)
    {
        if (StatusAt(now) != PaymentStatus.Pending)
        {
            return false;
        }

        MoveTo(PaymentStatus.Canceled, now, reason);
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

    /// <summary>Copies what the history filters on from the current transaction; not a change of the sale, so no event.</summary>
    private void Mirror(Payment payment)
    {
        Asset = payment.Asset;
        Network = payment.Network;
        ExceptionStatus = payment.ExceptionStatus;
        TxHash = payment.TxHash;
        Payer = payment.Payer;
    }

    private void SetTransaction(Guid paymentId, DateTime now)
    {
        if (TransactionId == paymentId)
        {
            return;
        }

        Record(new SessionTransactionChanged(TransactionId, paymentId) { OccurredAt = now });
        TransactionId = paymentId;
        UpdatedAt = now;
    }

    private void MoveTo(PaymentStatus to, DateTime now, string? reason = null)
    {
        if (to == Status)
        {
            return;
        }

        if (!SessionTransitions.Allowed(Status, to))
        {
            throw new InvalidOperationException($"A session cannot go from {Status} to {to}.");
        }

        Record(new SessionStatusChanged(Status, to) { OccurredAt = now, Reason = reason });
        Status = to;
        UpdatedAt = now;
    }

    private new void Record(DomainEvent domainEvent) => base.Record(domainEvent with { MerchantId = MerchantId, SessionId = Id });
}

/// <summary>The session state machine. It mirrors its paying payment, so a late or in-flight transfer may still pay it.</summary>
public static class SessionTransitions
{
    public static bool Allowed(PaymentStatus from, PaymentStatus to) => (from, to) switch
    {
        (PaymentStatus.Pending, PaymentStatus.Processing or PaymentStatus.Succeeded or PaymentStatus.Canceled or PaymentStatus.Expired) => true,
        (PaymentStatus.Processing, PaymentStatus.Succeeded or PaymentStatus.Pending or PaymentStatus.Expired) => true,
        (PaymentStatus.Canceled or PaymentStatus.Expired, PaymentStatus.Processing or PaymentStatus.Succeeded) => true,
        _ => false,
    };
}
