using System.Security.Cryptography;
using PaySessions.Core.Common;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Vouchers;

/// <summary>Wire values are the upper-case names: RESERVED, REDEEMED, RESOLVED, DISCARDED, EXPIRED.</summary>
public enum VoucherStatus
{
    Reserved = 0,
    Redeemed = 1,
    Resolved = 2,
    Discarded = 3,

    /// <summary>Never stored: a reservation not redeemed in time, or a redemption whose payment window closed unpaid.</summary>
    Expired = 4,
}

/// <summary>A redeemed voucher's expected payment, validated: the asset is known, the amount exact, the wallet an address.</summary>
public sealed record ExpectedPayment(string Network, string Currency, string CurrencyAddress, string Amount, string Wallet);

/// <summary>
/// One independent payment inside a voucher session: reserved, redeemed with an expected payment (which
/// becomes a real <see cref="Payment"/>), resolved by the payer's receipts. Its fate never touches its siblings'.
/// Each method checks the move against <see cref="VoucherTransitions"/> and answers the API's error when refused.
/// </summary>
public sealed class Voucher : Aggregate
{
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(15);

    private Voucher()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string PublicId { get; private set; } = "";

    public string Code { get; private set; } = "";

    public Guid VoucherSessionId { get; private set; }

    public VoucherStatus Status { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    /// <summary>The payment session backing the redeemed voucher (kind Voucher).</summary>
    public Guid? PaySessionId { get; private set; }

    public string? Network { get; private set; }

    public string? Currency { get; private set; }

    public string? CurrencyAddress { get; private set; }

    public string? Amount { get; private set; }

    public string? Wallet { get; private set; }

    /// <summary>A fresh code: six digits while those are plentiful, ten after several clashes.</summary>
    public static string NewCode(int attempt) => RandomNumberGenerator.GetString("0123456789", attempt < 8 ? 6 : 10);

    internal static Voucher Reserve(VoucherSession session, string code, DateTime now)
    {
        var voucher = new Voucher
        {
            PublicId = "vch_" + code,
            Code = code,
            VoucherSessionId = session.Id,
            Status = VoucherStatus.Reserved,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + ReservationLifetime,
        };
        voucher.Record(session, new VoucherReserved(voucher.PublicId, voucher.ExpiresAt) { OccurredAt = now });
        return voucher;
    }

    /// <summary>The status as of now, given the status of the voucher's payment (if redeemed).</summary>
    public VoucherStatus StatusAt(DateTime now, PaymentStatus? paymentStatus) => Status switch
    {
        VoucherStatus.Reserved when now >= ExpiresAt => VoucherStatus.Expired,
        VoucherStatus.Redeemed when paymentStatus is PaymentStatus.Expired => VoucherStatus.Expired,
        _ => Status,
    };

    /// <summary>The payee says what to pay: backed from now on by <paramref name="paySession"/>, which expires when it does.</summary>
    public PayError? Redeem(VoucherSession session, PaySession paySession, ExpectedPayment expected, DateTime now)
    {
        if (!session.Open)
        {
            return PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed.");
        }

        if (StatusAt(now, null) switch
            {
                VoucherStatus.Redeemed => PayError.Conflict(ErrorCodes.AlreadyRedeemed, "The voucher is already redeemed; discard it and reserve another to change the payment."),
                VoucherStatus.Resolved => PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved."),
                VoucherStatus.Discarded or VoucherStatus.Expired => PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or its reservation expired; reserve a new one."),
                _ => null,
            } is { } refused)
        {
            return refused;
        }

        (PaySessionId, Network, Currency, CurrencyAddress, Amount, Wallet) =
            (paySession.Id, expected.Network, expected.Currency, expected.CurrencyAddress, expected.Amount, expected.Wallet);
        ExpiresAt = paySession.ExpiresAt;
        MoveTo(session, VoucherStatus.Redeemed, now);
        return null;
    }

    /// <summary>Why the voucher cannot be resolved now, or null when it can.</summary>
    public PayError? ResolveRefusal(DateTime now, PaymentStatus? paymentStatus) => StatusAt(now, paymentStatus) switch
    {
        VoucherStatus.Reserved => PayError.Conflict(ErrorCodes.NotRedeemed, "The voucher is not redeemed yet: the payee has not said what to pay."),
        VoucherStatus.Resolved => PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved."),
        VoucherStatus.Discarded or VoucherStatus.Expired => PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or has expired."),
        _ when PaySessionId is null || paymentStatus is null => PayError.Conflict(ErrorCodes.PaymentClosed, "The voucher has no payment to resolve."),
        _ => null,
    };

    /// <summary>The payer handed over receipts that pay <paramref name="payment"/>.</summary>
    public PayError? Resolve(VoucherSession session, Payment? payment, DateTime now)
    {
        if (ResolveRefusal(now, payment?.Status) is { } refused)
        {
            return refused;
        }

        MoveTo(session, VoucherStatus.Resolved, now);
        return null;
    }

    /// <summary>The payee takes the voucher back; refused once a transfer for it has arrived.</summary>
    public PayError? Discard(VoucherSession session, Payment? payment, DateTime now)
    {
        switch (StatusAt(now, payment?.Status))
        {
            case VoucherStatus.Resolved:
                return PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is resolved: its payment was made and cannot be discarded.");
            case VoucherStatus.Discarded or VoucherStatus.Expired:
                return PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher is already discarded or expired.");
        }

        if (payment is { Paid.IsZero: false })
        {
            return PayError.Conflict(ErrorCodes.PaymentClosed, "A transfer for this voucher has arrived; it can no longer be discarded.");
        }

        MoveTo(session, VoucherStatus.Discarded, now);
        return null;
    }

    /// <summary>Closing the session discards what was only reserved, expired or not.</summary>
    internal void DiscardUnredeemed(VoucherSession session, DateTime now)
    {
        if (Status == VoucherStatus.Reserved)
        {
            MoveTo(session, VoucherStatus.Discarded, now);
        }
    }

    private void MoveTo(VoucherSession session, VoucherStatus to, DateTime now)
    {
        if (session.Id != VoucherSessionId || !VoucherTransitions.Allowed(Status, to))
        {
            throw new InvalidOperationException($"A voucher cannot go from {Status} to {to}.");
        }

        Record(session, new VoucherStatusChanged(PublicId, Status, to, PaySessionId) { OccurredAt = now });
        Status = to;
        UpdatedAt = now;
    }

    private void Record(VoucherSession session, DomainEvent domainEvent) =>
        Record(domainEvent with { MerchantId = session.MerchantId, SessionId = session.Id, ContextId = session.ContextId, VoucherId = Id });
}

/// <summary>The stored voucher state machine (expiry is read from time, never stored).</summary>
public static class VoucherTransitions
{
    public static bool Allowed(VoucherStatus from, VoucherStatus to) => (from, to) switch
    {
        (VoucherStatus.Reserved, VoucherStatus.Redeemed or VoucherStatus.Discarded) => true,
        (VoucherStatus.Redeemed, VoucherStatus.Resolved or VoucherStatus.Discarded) => true,
        _ => false,
    };
}
