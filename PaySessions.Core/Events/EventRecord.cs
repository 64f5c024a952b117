using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaySessions.Core.Events;

/// <summary>
/// One row of the append-only event log. Written in the same transaction as the change it describes; the
/// webhook outbox, the live hub and the admin timeline all read from here. The database refuses updates and deletes.
/// </summary>
public sealed class EventRecord
{
    /// <summary>Commit order: increasing, never reused.</summary>
    public long Id { get; private set; }

    public Guid EventId { get; private init; }

    public DateTime OccurredAt { get; private init; }

    public required string Type { get; init; }

    public Guid? MerchantId { get; private init; }

    public Guid? SessionId { get; private init; }

    public Guid? PaymentId { get; private init; }

    public Guid? VoucherId { get; private init; }

    /// <summary>The whole event as JSON (enums as names, amounts as decimal text).</summary>
    public required string Payload { get; init; }

    public static EventRecord From(DomainEvent domainEvent) => new()
    {
        EventId = domainEvent.EventId,
        OccurredAt = domainEvent.OccurredAt,
        Type = domainEvent.Type,
        MerchantId = domainEvent.MerchantId,
        SessionId = domainEvent.SessionId,
        PaymentId = domainEvent.PaymentId,
        VoucherId = domainEvent.VoucherId,
        Payload = JsonSerializer.Serialize(domainEvent, domainEvent.GetType(), EventJson.Options),
    };

    /// <summary>The typed event back, or null for a type this version does not know.</summary>
    public DomainEvent? ToEvent() =>
        EventJson.Types.TryGetValue(Type, out var clrType) ? (DomainEvent?)JsonSerializer.Deserialize(Payload, clrType, EventJson.Options) : null;
}

public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Every stored event type by its name: each concrete event in this assembly.</summary>
    public static readonly FrozenDictionary<string, Type> Types = typeof(DomainEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(DomainEvent)) && !t.IsAbstract)
        .ToFrozenDictionary(t => ((DomainEvent)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)).Type);
}
