using System.Security.Cryptography;
using PaySessions.Core.Common;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// One independent payment between a payer context and a payee: reserved (in a session, or standalone with the context
/// code alone), redeemed with terms (SIMPLE: an expected payment, which becomes a real <see cref="Payment"/>; CUSTOM: a
/// transaction to send), optionally negotiated into another token, resolved by the payer's receipts. Its fate never
/// touches its siblings'. Each method checks the move against <see cref="VoucherTransitions"/> and answers the API's
/// error when refused.
/// </summary>
public sealed partial class Voucher : Aggregate
{
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromMinutes(15);

    private Voucher()
    {
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    public string PublicId { get; private set; } = "";

    public string Code { get; private set; } = "";

    /// <summary>The session it was reserved in; null for a standalone voucher (reserved with the context code).</summary>
    public Guid? VoucherSessionId { get; private set; }

    public Guid ContextId { get; private set; }

    /// <summary>The payee: a store, or <see cref="UnverifiedPayees.MerchantId"/> for a payee that signed in with the code alone.</summary>
    public Guid MerchantId { get; private set; }

    public VoucherStatus Status { get; private set; }

    public VoucherType Type { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    /// <summary>The payment session backing a redeemed SIMPLE voucher (kind Voucher).</summary>
    public Guid? PaySessionId { get; private set; }

    public string? Network { get; private set; }

    public string? Currency { get; private set; }

    public string? CurrencyAddress { get; private set; }

    public string? Amount { get; private set; }

    public string? Wallet { get; private set; }

    public string? SuppliedCurrency { get; private set; }

    public string? SuppliedCurrencyAddress { get; private set; }

    public string? SuppliedAmount { get; private set; }

    public string? SuppliedWallet { get; private set; }

    /// <summary>A CUSTOM voucher's networks, and their chain ids in the same order.</summary>
    public List<string> CallNetworks { get; private set; } = [];

    public List<long> CallChainIds { get; private set; } = [];

    public string? CallTo { get; private set; }

    public string? CallValue { get; private set; }

    public string? CallData { get; private set; }

    /// <summary>The redeem's <c>extras</c> as sent (JSON array text); their meaning is not ours to know.</summary>
    public string? Extras { get; private set; }

    /// <summary>The transaction that resolved a CUSTOM voucher, and the network it was on. One transaction resolves one voucher.</summary>
    public string? CallTxHash { get; private set; }

    public string? CallTxNetwork { get; private set; }

    /// <summary>When the payer handed over a receipt with only a payment id: the voucher resolves once the chain shows the transfer.</summary>
    public DateTime? ReceiptSubmittedAt { get; private set; }

    public bool Standalone => VoucherSessionId is null;

    public ExpectedPayment? Expected => Type == VoucherType.Simple && Amount is not null
        ? new ExpectedPayment(Network!, Currency!, CurrencyAddress!, Amount, Wallet!)
        : null;

    public SuppliedPayment? Supplied => SuppliedAmount is not null
        ? new SuppliedPayment(Network!, SuppliedCurrency!, SuppliedCurrencyAddress!, SuppliedAmount, SuppliedWallet!)
        : null;

    public CustomCall? Call => Type == VoucherType.Custom && CallTo is not null
        ? new CustomCall(CallNetworks.Zip(CallChainIds, (network, chainId) => new CallNetwork(network, chainId)).ToList(), CallTo, CallValue!, CallData!, Extras)
        : null;

    /// <summary>A fresh code: six digits while those are plentiful, ten after several clashes.</summary>
    public static string NewCode(int attempt) => RandomNumberGenerator.GetString("0123456789", attempt < 8 ? 6 : 10);

    internal static Voucher Reserve(VoucherSession session, string code, DateTime now) =>
        New(session.ContextId, session.MerchantId, session.Id, code, now);

    /// <summary>A voucher outside any session, reserved by a payee with the payer's open context code.</summary>
    public static Result<Voucher> ReserveStandalone(VoucherContext context, Guid merchantId, string code, DateTime now) => context.Open
        ? New(context.Id, merchantId, null, code, now)
        : new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidCode, "The payer closed this context; ask for the code their wallet shows now.");

    private static Voucher New(Guid contextId, Guid merchantId, Guid? sessionId, string code, DateTime now)
    {
        var voucher = new Voucher
        {
            PublicId = "vch_" + code,
            Code = code,
            VoucherSessionId = sessionId,
            ContextId = contextId,
            MerchantId = merchantId,
            Status = VoucherStatus.Reserved,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + ReservationLifetime,
        };
        voucher.Record(new VoucherReserved(voucher.PublicId, voucher.ExpiresAt, sessionId is null) { OccurredAt = now });
        return voucher;
    }

    /// <summary>The status as of now, given the status of the voucher's payment (if redeemed SIMPLE).</summary>
    public VoucherStatus StatusAt(DateTime now, PaymentStatus? paymentStatus) => Status switch
    {
        VoucherStatus.Reserved when now >= ExpiresAt => VoucherStatus.Expired,
        VoucherStatus.Redeemed when Type == VoucherType.Simple && paymentStatus is PaymentStatus.Expired => VoucherStatus.Expired,
        VoucherStatus.Redeemed when Type == VoucherType.Custom && now >= ExpiresAt => VoucherStatus.Expired,
        _ => Status,
    };

    /// <summary>SIMPLE: the payee says what to pay; backed from now on by <paramref name="paySession"/>, which expires when it does.</summary>
    public PayError? Redeem(VoucherSession? session, PaySession paySession, ExpectedPayment expected, DateTime now)
    {
        if (RedeemRefusal(session, now) is { } refused)
        {
            return refused;
        }

        Type = VoucherType.Simple;
        (PaySessionId, Network, Currency, CurrencyAddress, Amount, Wallet) =
            (paySession.Id, expected.Network, expected.Currency, expected.CurrencyAddress, expected.Amount, expected.Wallet);
        ExpiresAt = paySession.ExpiresAt;
        MoveTo(VoucherStatus.Redeemed, now);
        return null;
    }

    /// <summary>CUSTOM: the payee names the one transaction the payer's wallet is to send, payable until <paramref name="expiresAt"/>.</summary>
    public PayError? RedeemCustom(VoucherSession? session, CustomCall call, DateTime expiresAt, DateTime now)
    {
        if (RedeemRefusal(session, now) is { } refused)
        {
            return refused;
        }

        Type = VoucherType.Custom;
        (CallNetworks, CallChainIds) = ([.. call.Networks.Select(n => n.Network)], [.. call.Networks.Select(n => n.ChainId)]);
        (CallTo, CallValue, CallData, Extras) = (call.To, call.Value, call.Data, call.Extras);
        ExpiresAt = expiresAt;
        MoveTo(VoucherStatus.Redeemed, now);
        return null;
    }

    /// <summary>
    /// The payer pays a SIMPLE voucher in another token of its network instead; the expected payment stays as the payee
    /// set it. Refused once a transfer for it has arrived (<paramref name="payment"/> is the payment it replaces).
    /// </summary>
    public PayError? Negotiate(SuppliedPayment supplied, Payment? payment, DateTime now)
    {
        if (StatusAt(now, payment?.Status) switch
            {
                VoucherStatus.Reserved => PayError.Conflict(ErrorCodes.NotRedeemed, "The voucher is not redeemed yet: the payee has not said what to pay."),
                _ when Type != VoucherType.Simple => PayError.Conflict(ErrorCodes.NotSimple, "Only a SIMPLE voucher (a token transfer) can be paid in another token."),
                VoucherStatus.Resolved => PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved."),
                VoucherStatus.Discarded or VoucherStatus.Expired => PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or has expired."),
                _ when supplied.Network != Network => PayError.Conflict(ErrorCodes.DifferentNetwork,
                    $"The supplied payment must be on the expected payment's network ({Network}), not {supplied.Network}."),
                _ when payment is null || !payment.Paid.IsZero || payment.Status != PaymentStatus.Pending => PayError.Conflict(ErrorCodes.PaymentClosed,
                    "A transfer for this voucher has arrived or its payment is closed; it can no longer be paid in another token."),
                _ => null,
            } is { } refused)
        {
            return refused;
        }

        (SuppliedCurrency, SuppliedCurrencyAddress, SuppliedAmount, SuppliedWallet) = (supplied.Currency, supplied.CurrencyAddress, supplied.Amount, supplied.Wallet);
        UpdatedAt = now;
        Record(new VoucherNegotiated(PublicId, supplied.Currency, supplied.CurrencyAddress, supplied.Amount, supplied.Wallet) { OccurredAt = now });
        return null;
    }

    /// <summary>The payee takes the voucher back; refused once a transfer for it has arrived.</summary>
    public PayError? Discard(VoucherSession? session, Payment? payment, DateTime now)
    {
        CheckSession(session);
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

        MoveTo(VoucherStatus.Discarded, now);
        return null;
    }

    /// <summary>Closing the session discards what was only reserved, expired or not.</summary>
    internal void DiscardUnredeemed(VoucherSession session, DateTime now)
    {
        CheckSession(session);
        if (Status == VoucherStatus.Reserved)
        {
            MoveTo(VoucherStatus.Discarded, now);
        }
    }

    private PayError? RedeemRefusal(VoucherSession? session, DateTime now)
    {
        CheckSession(session);
        if (session is { Open: false })
        {
            return PayError.Conflict(ErrorCodes.SessionClosed, "The session is closed.");
        }

        return StatusAt(now, null) switch
        {
            VoucherStatus.Redeemed => PayError.Conflict(ErrorCodes.AlreadyRedeemed, "The voucher is already redeemed; discard it and reserve another to change the payment."),
            VoucherStatus.Resolved => PayError.Conflict(ErrorCodes.AlreadyResolved, "The voucher is already resolved."),
            VoucherStatus.Discarded or VoucherStatus.Expired => PayError.Conflict(ErrorCodes.VoucherExpired, "The voucher was discarded or its reservation expired; reserve a new one."),
            _ => null,
        };
    }

    private static PayError NotSimple() =>
        PayError.Conflict(ErrorCodes.NotSimple, "A CUSTOM voucher is resolved by the transaction it asks for: send its receipt with the txHash.");

    /// <summary>A voucher moves only with its own session (or none, when standalone).</summary>
    private void CheckSession(VoucherSession? session)
    {
        if (session?.Id != VoucherSessionId)
        {
            throw new InvalidOperationException($"Voucher {PublicId} does not belong to session {session?.PublicId ?? "(none)"}.");
        }
    }

    private void MoveTo(VoucherStatus to, DateTime now)
    {
        if (!VoucherTransitions.Allowed(Status, to))
        {
            throw new InvalidOperationException($"A voucher cannot go from {Status} to {to}.");
        }

        Record(new VoucherStatusChanged(PublicId, Status, to, PaySessionId) { OccurredAt = now });
        Status = to;
        UpdatedAt = now;
    }

    private new void Record(DomainEvent domainEvent) =>
        base.Record(domainEvent with { MerchantId = MerchantId, SessionId = VoucherSessionId, ContextId = ContextId, VoucherId = Id });
}
