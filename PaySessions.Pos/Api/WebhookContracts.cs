using System.Text.Json.Serialization;
using PaySessions.Core.Webhooks;

namespace PaySessions.Pos.Api;

// Wire shapes of webhook management. Ours, except the checkout vendor's create call at the end.

public sealed record CreateWebhookRequest(string? Url = null, IReadOnlyList<string?>? Events = null, string? Description = null);

/// <summary>The secret appears only in the answers to create and rotate-secret.</summary>
public sealed record IssuedWebhookResponse(string Id, string Url, IReadOnlyList<string> Events, string Description, string Secret);

/// <summary><c>events</c> empty means every type. <c>status</c>: <c>active</c> or <c>disabled</c> (with the reason).</summary>
public sealed record WebhookResponse(
    string Id, string Url, IReadOnlyList<string> Events, string Description, string Format, string Status,
    string? DisabledReason, DateTime CreatedAt, DateTime? FailingSince)
{
    public static WebhookResponse Of(WebhookEndpointView e) => new(
        e.Id, e.Url, e.Events, e.Description, e.Format == WebhookFormat.Checkout ? "checkout" : "standard",
        e.Active ? "active" : "disabled", e.DisabledReason, e.CreatedAt, e.FailingSince);
}

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Data);

/// <summary><c>status</c>: <c>pending</c> (waiting for its turn or its next attempt), <c>delivered</c>, <c>failed</c> (given up) or <c>canceled</c>.</summary>
public sealed record WebhookDeliveryResponse(
    string Id, string Webhook, string MessageId, string Type, string Status, int Attempts, DateTime CreatedAt,
    DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, DateTime? NextAttemptAt, DateTime? DeliveredAt)
{
    public static WebhookDeliveryResponse Of(WebhookDeliveryView d) => new(
        d.Id, d.EndpointId, d.MessageId.ToString(), d.Type, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.CreatedAt,
        d.LastAttemptAt, d.LastStatusCode, d.LastError, d.NextAttemptAt, d.DeliveredAt);
}

public sealed record WebhookDeliveryListResponse(IReadOnlyList<WebhookDeliveryResponse> Data, string? NextCursor);

public sealed record WebhookAttemptResponse(DateTime At, int? StatusCode, int DurationMs, string? Error, string Response);

public sealed record WebhookAttemptListResponse(IReadOnlyList<WebhookAttemptResponse> Data);

public sealed record RetryFailedRequest(DateTime? Since = null);

public sealed record RetryFailedResponse(int Retried);

public sealed record CreateCheckoutWebhookRequest(
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("url")] string? Url = null);

/// <summary>The checkout vendor's answer to creating a webhook: <c>uuid</c> first, then what was given, and the signing secret (shown once).</summary>
public sealed record CreatedCheckoutWebhookResponse(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("secret")] string Secret);
