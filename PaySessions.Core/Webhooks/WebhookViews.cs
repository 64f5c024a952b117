namespace PaySessions.Core.Webhooks;

/// <summary>An endpoint as its owner sees it: everything but the secret.</summary>
public sealed record WebhookEndpointView(
    string Id, Guid Uuid, WebhookFormat Format, string Url, string Description, IReadOnlyList<string> Events,
    DateTime CreatedAt, DateTime? FailingSince, DateTime? DisabledAt, string? DisabledReason, DateTime? DeletedAt)
{
    public bool Active => DisabledAt is null && DeletedAt is null;

    public static WebhookEndpointView Of(WebhookEndpoint endpoint) => new(
        endpoint.PublicId, endpoint.Id, endpoint.Format, endpoint.Url, endpoint.Description, endpoint.Types,
        endpoint.CreatedAt, endpoint.FailingSince, endpoint.DisabledAt, endpoint.DisabledReason, endpoint.DeletedAt);
}

/// <summary>An endpoint just created or whose secret was just rotated. <see cref="Secret"/> is shown this once.</summary>
public sealed record IssuedWebhookEndpoint(WebhookEndpointView Endpoint, string Secret);

public sealed record WebhookDeliveryView(
    string Id, string EndpointId, Guid MessageId, string Type, WebhookDeliveryStatus Status, int Attempts, DateTime CreatedAt,
    DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, DateTime? NextAttemptAt, DateTime? DeliveredAt, Guid? SessionId);

public sealed record WebhookAttemptView(DateTime At, int? StatusCode, int DurationMs, string? Error, string Response);

/// <summary>One page of deliveries, newest first, and the cursor of the next page (null at the end).</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Deliveries, string? NextCursor);
