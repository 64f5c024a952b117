using System.Globalization;
using PaySessions.Core.Webhooks;

namespace PaySessions.Pos.Components.Pages.Admin;

/// <summary>How the webhooks page words endpoints and deliveries. Times are UTC, as the column titles say.</summary>
public static class WebhookText
{
    public static string When(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Events(WebhookEndpointView endpoint) => endpoint.Events.Count == 0 ? "all" : string.Join(", ", endpoint.Events);

    public static string Format(WebhookFormat format) => format == WebhookFormat.Checkout ? "checkout" : "standard";

    public static string Status(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Delivered => "Delivered",
        WebhookDeliveryStatus.Failed => "Failed",
        WebhookDeliveryStatus.Canceled => "Canceled",
        _ => "Pending",
    };

    /// <summary>The line under a delivery's status: when it goes next, or why it stopped.</summary>
    public static string? Detail(WebhookDeliveryView delivery) => delivery.Status switch
    {
        WebhookDeliveryStatus.Pending when delivery.NextAttemptAt is { } next => $"next attempt {When(next)}",
        WebhookDeliveryStatus.Pending => "waiting for the one before it",
        WebhookDeliveryStatus.Failed => delivery.LastError,
        WebhookDeliveryStatus.Canceled => "its endpoint was deleted before it went out",
        _ => null,
    };

    /// <summary>Deliveries a person may send again now: the sender gave up on them, or they are still waiting.</summary>
    public static bool CanRetry(WebhookDeliveryView delivery) =>
        delivery.Status is WebhookDeliveryStatus.Failed or WebhookDeliveryStatus.Pending;
}
