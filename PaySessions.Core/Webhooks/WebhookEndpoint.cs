namespace PaySessions.Core.Webhooks;

/// <summary>What a receiver expects to get: our own messages, or the checkout vendor's transaction-status payload.</summary>
public enum WebhookFormat
{
    /// <summary><c>{ type, timestamp, data }</c> for the event types the endpoint chose.</summary>
    Standard = 0,

    /// <summary>The checkout vendor's flat payload, one per transaction status change (registered under <c>/accounts/{id}/webhooks</c>).</summary>
    Checkout = 1,
}

/// <summary>
/// A store's receiver of webhooks. Its signing secret must be usable to sign, so it is kept as issued (like
/// every webhook provider does) and shown in full only when created or rotated. Deleting keeps the row for the
/// delivery log; a receiver that kept failing for days is disabled until an owner enables it again.
/// </summary>
public sealed class WebhookEndpoint
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;

    private WebhookEndpoint()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary><c>wh_</c> and 24 hex digits; checkout-format endpoints are known by <see cref="Id"/> (their <c>uuid</c>).</summary>
    public string PublicId { get; private set; } = "";

    public Guid MerchantId { get; private set; }

    public WebhookFormat Format { get; private set; }

    public string Url { get; private set; } = "";

    /// <summary>The owner's note (checkout format: the webhook's <c>name</c>).</summary>
    public string Description { get; private set; } = "";

    /// <summary>Event types sent, comma separated; empty means every type.</summary>
    public string EventTypes { get; private set; } = "";

    public string Secret { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>When the first of the failures since the last success happened; null while deliveries succeed.</summary>
    public DateTime? FailingSince { get; private set; }

    public DateTime? DisabledAt { get; private set; }

    public string? DisabledReason { get; private set; }

    public DateTime? DeletedAt { get; private set; }

    public bool Active => DisabledAt is null && DeletedAt is null;

    public IReadOnlyList<string> Types => EventTypes.Length == 0 ? [] : EventTypes.Split(',');

    public bool Wants(string type) => EventTypes.Length == 0 || Types.Contains(type, StringComparer.Ordinal);

    public static WebhookEndpoint Create(Guid merchantId, WebhookFormat format, string url, IReadOnlyList<string> types, string description, string sealedSecret, DateTime now) => new()
    {
        PublicId = "wh_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
        MerchantId = merchantId,
        Format = format,
        Url = url,
        Description = description,
        EventTypes = string.Join(',', types),
        Secret = sealedSecret,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>A new secret replaces the old at once; the caller shows it once.</summary>
    public void RotateSecret(string sealedSecret, DateTime now)
    {
        Secret = sealedSecret;
        UpdatedAt = now;
    }

    /// <summary>A secret an older version kept in clear text, sealed in place (the secret itself does not change).</summary>
    internal void SealStoredSecret(string sealedSecret) => Secret = sealedSecret;

    public void Delete(DateTime now)
    {
        DeletedAt ??= now;
        UpdatedAt = now;
    }

    public void Succeeded(DateTime now)
    {
        FailingSince = null;
        UpdatedAt = now;
    }

    /// <summary>Records a failed attempt; true when the endpoint has now failed for <paramref name="disableAfter"/> and was disabled.</summary>
    public bool Failed(DateTime now, TimeSpan disableAfter)
    {
        FailingSince ??= now;
        UpdatedAt = now;
        if (DisabledAt is null && now - FailingSince.Value >= disableAfter)
        {
            DisabledAt = now;
            DisabledReason = $"Every delivery failed since {FailingSince.Value:yyyy-MM-dd HH:mm} UTC; disabled after {Span(disableAfter)} of failures.";
            return true;
        }

        return false;
    }

    private static string Span(TimeSpan span) =>
        span >= TimeSpan.FromDays(1) ? $"{span.TotalDays:0.#} days"
        : span >= TimeSpan.FromHours(1) ? $"{span.TotalHours:0.#} hours"
        : $"{span.TotalMinutes:0} minutes";

    /// <summary>Back on: what waited is delivered, oldest first.</summary>
    public void Enable(DateTime now)
    {
        (DisabledAt, DisabledReason, FailingSince, UpdatedAt) = (null, null, null, now);
    }
}
