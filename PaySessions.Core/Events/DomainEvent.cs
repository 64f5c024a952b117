using System.Text.Json.Serialization;

namespace PaySessions.Core.Events;

/// <summary>
/// Something that happened to one aggregate, recorded by the aggregate itself when its state changed. Saved in
/// the event log with the change (same transaction) and published in process after the commit.
/// </summary>
public abstract record DomainEvent
{
    private static long _sequence;

    /// <summary>Stable identity: the same on every delivery of this event (the webhook id).</summary>
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    public required DateTime OccurredAt { get; init; }

    public Guid? MerchantId { get; init; }

    /// <summary>The payment session, or the voucher session for voucher events.</summary>
    public Guid? SessionId { get; init; }

    public Guid? PaymentId { get; init; }

    public Guid? VoucherId { get; init; }

    /// <summary>The payer context a voucher event belongs to: the payer's wallet watches it.</summary>
    public Guid? ContextId { get; init; }

    /// <summary>
    /// Who made the change when a person or an integration did (<see cref="Actors"/>); null for the app's own
    /// work (the chain monitor, expiry). Stamped by the dispatcher from the saving context.
    /// </summary>
    public string? Actor { get; init; }

    /// <summary>The stored name of the event, e.g. <c>payment.status_changed</c>. Never renamed once stored.</summary>
    [JsonIgnore]
    public abstract string Type { get; }

    /// <summary>Orders events recorded in this process, across aggregates saved together.</summary>
    [JsonIgnore]
    internal long Sequence { get; } = Interlocked.Increment(ref _sequence);

    /// <summary>The ids whose watchers want to hear of this event.</summary>
    [JsonIgnore]
    public IEnumerable<Guid> Topics => new[] { SessionId, PaymentId, VoucherId, ContextId }.OfType<Guid>();

    /// <summary>Equal when they describe the same thing: the in-process <see cref="Sequence"/> is not part of it.</summary>
    public virtual bool Equals(DomainEvent? other) =>
        other is not null && EqualityContract == other.EqualityContract && EventId == other.EventId && OccurredAt == other.OccurredAt
        && MerchantId == other.MerchantId && SessionId == other.SessionId && PaymentId == other.PaymentId && VoucherId == other.VoucherId && ContextId == other.ContextId;

    public override int GetHashCode() => EventId.GetHashCode();
}

/// <summary>How an event's <see cref="DomainEvent.Actor"/> names who acted: a signed-in user or an API key, by id.</summary>
public static class Actors
{
    public static string User(Guid userId) => $"user:{userId}";

    public static string Key(Guid keyId) => $"key:{keyId}";

    public static Guid? UserId(string? actor) => actor is { } a && a.StartsWith("user:", StringComparison.Ordinal) && Guid.TryParse(a[5..], out var id) ? id : null;

    public static Guid? KeyId(string? actor) => actor is { } a && a.StartsWith("key:", StringComparison.Ordinal) && Guid.TryParse(a[4..], out var id) ? id : null;
}

/// <summary>An entity that changes only through its own methods and records what changed.</summary>
public abstract class Aggregate
{
    private readonly List<DomainEvent> _events = [];

    /// <summary>Events recorded since the last save. A method, not a property, so the ORM leaves it alone.</summary>
    public IReadOnlyList<DomainEvent> PendingEvents() => _events;

    protected void Record(DomainEvent domainEvent) => _events.Add(domainEvent);

    internal void ClearEvents() => _events.Clear();
}
