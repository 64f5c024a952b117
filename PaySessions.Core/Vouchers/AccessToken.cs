namespace PaySessions.Core.Vouchers;

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
