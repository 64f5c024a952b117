using System.Text.Json.Serialization;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Events;

public sealed record SessionCreated(SessionKind Kind, decimal Amount, string AmountCurrency, DateTime ExpiresAt) : DomainEvent
{
    public override string Type => "session.created";
}

public sealed record SessionStatusChanged(PaymentStatus From, PaymentStatus To) : DomainEvent
{
    public override string Type => "session.status_changed";

    /// <summary>Why it was canceled, when the caller said (the checkout vendor's cancel call carries a reason). Absent from older events.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}

/// <summary>The session's current transaction changed: the customer picked an asset, or another payment paid it.</summary>
public sealed record SessionTransactionChanged(Guid? From, Guid To) : DomainEvent
{
    public override string Type => "session.transaction_changed";
}
