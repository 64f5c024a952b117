using PaySessions.Core.Payments;

namespace PaySessions.Core.Vouchers;

/// <summary>Wire values are the upper-case names: RESERVED, REDEEMED, RESOLVED, DISCARDED, EXPIRED.</summary>
public enum VoucherStatus
{
    Reserved = 0,
    Redeemed = 1,
    Resolved = 2,
    Discarded = 3,
    Expired = 4,
}

/// <summary>A payer's wallet context: the code a payer shows the payee so the payee can open a session with it.</summary>
public sealed class VoucherContext
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string PublicId { get; set; }

    public required string Code { get; set; }

    public bool Open { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    public DateTime? ClosedAt { get; set; }
}

/// <summary>A payee's session with one payer context: groups independent vouchers.</summary>
public sealed class VoucherSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string PublicId { get; set; }

    public required string Code { get; set; }

    public Guid ContextId { get; set; }

    public Guid MerchantId { get; set; }

    public string Type { get; set; } = "SESSION_DEFAULT";

    public bool Open { get; set; } = true;

    public DateTime? JoinedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ClosedAt { get; set; }
}

/// <summary>
/// One independent payment inside a voucher session: reserved, redeemed with an expected payment (which
/// becomes a real <see cref="Payment"/>), resolved by the payer's receipts. Its fate never touches its siblings'.
/// </summary>
public sealed class Voucher
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string PublicId { get; set; }

    public required string Code { get; set; }

    public Guid VoucherSessionId { get; set; }

    public VoucherStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>The payment session backing the redeemed voucher (kind Voucher).</summary>
    public Guid? PaySessionId { get; set; }

    public string? Network { get; set; }

    public string? Currency { get; set; }

    public string? CurrencyAddress { get; set; }

    public string? Amount { get; set; }

    public string? Wallet { get; set; }

    /// <summary>The status as of now: a reservation not redeemed in time, or a redemption whose payment window closed unpaid, is expired.</summary>
    public VoucherStatus StatusAt(DateTime now, PaymentStatus? paymentStatus) => Status switch
    {
        VoucherStatus.Reserved when now >= ExpiresAt => VoucherStatus.Expired,
        VoucherStatus.Redeemed when paymentStatus is PaymentStatus.Expired or PaymentStatus.Failed => VoucherStatus.Expired,
        _ => Status,
    };

    public void Redeem(Guid paySessionId, ExpectedPayment expected, DateTime expiresAt, DateTime now)
    {
        PaySessionId = paySessionId;
        Network = expected.Network;
        Currency = expected.Currency;
        CurrencyAddress = expected.CurrencyAddress;
        Amount = expected.Amount;
        Wallet = expected.Wallet;
        Status = VoucherStatus.Redeemed;
        ExpiresAt = expiresAt;
        UpdatedAt = now;
    }

    public void Resolve(DateTime now)
    {
        Status = VoucherStatus.Resolved;
        UpdatedAt = now;
    }

    public void Discard(DateTime now)
    {
        Status = VoucherStatus.Discarded;
        UpdatedAt = now;
    }
}

/// <summary>A redeemed voucher's expected payment, validated: the asset is known, the amount exact, the wallet an address.</summary>
public sealed record ExpectedPayment(string Network, string Currency, string CurrencyAddress, string Amount, string Wallet);

public enum AccessTokenKind
{
    /// <summary>The payer's wallet, scoped to its context.</summary>
    Payer = 0,

    /// <summary>A payee (merchant) signed in with a payer's context code.</summary>
    Payee = 1,
}

/// <summary>A bearer token as stored: only its hash. Short-lived and scoped to one payer context.</summary>
public sealed class AccessToken
{
    public required string Hash { get; set; }

    public AccessTokenKind Kind { get; set; }

    public Guid ContextId { get; set; }

    public Guid? MerchantId { get; set; }

    public DateTime ExpiresAt { get; set; }
}
