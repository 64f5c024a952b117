namespace PaySessions.Core.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its turn or its next attempt.</summary>
    Pending = 0,
    Delivered = 1,

    /// <summary>Given up: a refusal that retrying cannot fix, or every retry failed. Can be retried by hand.</summary>
    Failed = 2,

    /// <summary>Its endpoint was deleted before it went out.</summary>
    Canceled = 3,
}

/// <summary>
/// One message for one endpoint: the outbox row, written in the same transaction as the event it reports. Its
/// body and message id are fixed then, so every retry sends the same bytes under the same <c>webhook-id</c>.
/// Rows of one endpoint go out in <see cref="Id"/> order, each waiting for the one before.
/// </summary>
public sealed class WebhookDelivery
{
    private WebhookDelivery()
    {
    }

    /// <summary>Outbox order.</summary>
    public long Id { get; private set; }

    /// <summary><c>whd_</c> and 24 hex digits.</summary>
    public string PublicId { get; private set; } = "";

    public Guid EndpointId { get; private set; }

    public Guid MerchantId { get; private set; }

    /// <summary>The <c>webhook-id</c> header: the event's id (a derived, stable id when one event makes several messages).</summary>
    public Guid MessageId { get; private set; }

    public Guid EventId { get; private set; }

    public Guid? SessionId { get; private set; }

    public Guid? PaymentId { get; private set; }

    public string Type { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public WebhookDeliveryStatus Status { get; private set; }

    /// <summary>Attempts since it was queued or last retried by hand; picks the wait before the next one.</summary>
    public int Attempts { get; private set; }

    public DateTime? NextAttemptAt { get; private set; }

    public DateTime? LastAttemptAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTime? DeliveredAt { get; private set; }

    public static WebhookDelivery Queue(WebhookEndpoint endpoint, OutboundMessage message, string body) => new()
    {
        PublicId = "whd_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
        EndpointId = endpoint.Id,
        MerchantId = endpoint.MerchantId,
        MessageId = message.MessageId,
        EventId = message.EventId,
        SessionId = message.SessionId,
        PaymentId = message.PaymentId,
        Type = message.Type,
        Body = body,
        CreatedAt = message.OccurredAt,
        Status = WebhookDeliveryStatus.Pending,
        NextAttemptAt = message.OccurredAt,
    };

    public void Delivered(DateTime now, int statusCode)
    {
        (Status, DeliveredAt, LastAttemptAt, LastStatusCode, LastError, NextAttemptAt) = (WebhookDeliveryStatus.Delivered, now, now, statusCode, null, null);
        Attempts++;
    }

    /// <summary>A failed attempt: try again at <paramref name="retryAt"/>, or give up when it is null.</summary>
    public void AttemptFailed(DateTime now, int? statusCode, string error, DateTime? retryAt)
    {
        Attempts++;
        (LastAttemptAt, LastStatusCode, LastError, NextAttemptAt) = (now, statusCode, error, retryAt);
        Status = retryAt is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending;
    }

    /// <summary>Sent again by hand: same id and body, the retry schedule starts over. Delivered messages are not resent.</summary>
    public bool Retry(DateTime now)
    {
        if (Status is WebhookDeliveryStatus.Delivered or WebhookDeliveryStatus.Canceled)
        {
            return false;
        }

        (Status, Attempts, NextAttemptAt) = (WebhookDeliveryStatus.Pending, 0, now);
        return true;
    }

    public void Cancel()
    {
        if (Status == WebhookDeliveryStatus.Pending)
        {
            (Status, NextAttemptAt) = (WebhookDeliveryStatus.Canceled, null);
        }
    }
}

/// <summary>One try at sending a delivery, for the log: when, the answer, how long it took, the start of the answer's body.</summary>
public sealed class WebhookAttempt
{
    public const int MaxResponseLength = 1024;

    public long Id { get; private set; }

    public long DeliveryId { get; private set; }

    public DateTime At { get; private set; }

    public int? StatusCode { get; private set; }

    public int DurationMs { get; private set; }

    public string? Error { get; private set; }

    public string Response { get; private set; } = "";

    public static WebhookAttempt Of(long deliveryId, DateTime at, int? statusCode, TimeSpan duration, string? error, string response) => new()
    {
        DeliveryId = deliveryId,
        At = at,
        StatusCode = statusCode,
        DurationMs = (int)Math.Min(int.MaxValue, duration.TotalMilliseconds),
        Error = error,
        Response = response.Length > MaxResponseLength ? response[..MaxResponseLength] : response,
    };
}
