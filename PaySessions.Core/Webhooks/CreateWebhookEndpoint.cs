using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// An owner (or the store's integration, with its secret key) registers a receiver. The URL is checked as the
/// sender will check it (scheme, and where its name resolves to); the event list names published types only.
/// </summary>
public sealed partial class CreateWebhookEndpoint(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, WebhookDirectory directory, WebhookAddressPolicy addresses,
    SealedSecrets secrets, TimeProvider time, ILogger<CreateWebhookEndpoint> logger)
{
    /// <summary>Active endpoints a store may hold at once.</summary>
    public const int MaxEndpoints = 20;

    public async Task<Result<IssuedWebhookEndpoint>> ExecuteAsync(
        Guid merchantId, WebhookFormat format, string? url, IReadOnlyList<string?>? events, string? description, CancellationToken cancellationToken = default)
    {
        var fields = new Dictionary<string, string[]>();
        var trimmedUrl = url?.Trim() ?? "";
        if (await addresses.CheckAsync(trimmedUrl, cancellationToken) is { } refused)
        {
            fields["url"] = [refused];
        }

        var types = CheckEvents(events, out var eventsError);
        if (eventsError is not null)
        {
            fields["events"] = [eventsError];
        }

        var text = description?.Trim() ?? "";
        if (text.Length > WebhookEndpoint.MaxDescriptionLength || text.Any(char.IsControl))
        {
            fields[format == WebhookFormat.Checkout ? "name" : "description"] =
                [$"At most {WebhookEndpoint.MaxDescriptionLength} characters, without control characters."];
        }

        if (fields.Count > 0)
        {
            return PayError.Validation(fields);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await db.WebhookEndpoints.CountAsync(e => e.MerchantId == merchantId && e.DeletedAt == null, cancellationToken) >= MaxEndpoints)
            {
                return PayError.Conflict(ErrorCodes.TooManyWebhooks, $"A store holds at most {MaxEndpoints} webhook endpoints; delete one first.");
            }

            var secret = WebhookSignature.NewSecret();
            var endpoint = WebhookEndpoint.Create(merchantId, format, trimmedUrl, types, text, secrets.Seal(SealedSecrets.WebhookSecret, secret), time.GetUtcNow().UtcDateTime);
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync(cancellationToken);
            directory.Invalidate();
            LogCreated(logger, endpoint.PublicId, merchantId, format);
            return new IssuedWebhookEndpoint(WebhookEndpointView.Of(endpoint), secret);
        }
    }

    /// <summary>Null or absent means every type; otherwise distinct published types, at least one.</summary>
    public static IReadOnlyList<string> CheckEvents(IReadOnlyList<string?>? events, out string? error)
    {
        error = null;
        if (events is null)
        {
            return [];
        }

        if (events.Count == 0)
        {
            error = "Name at least one event type, or leave events out to receive every type.";
            return [];
        }

        var unknown = events.Where(e => e is null || !WebhookRoutes.Types.Contains(e, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            error = $"Unknown event type {Quote(unknown[0])}. Known types: {string.Join(", ", WebhookRoutes.Types)}.";
            return [];
        }

        return events.Select(e => e!).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Quote(string? value) =>
        value is null ? "null" : $"\"{(value.Length > 60 ? value[..60] + "…" : value)}\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {EndpointId} created for merchant {MerchantId} ({Format})")]
    private static partial void LogCreated(ILogger logger, string endpointId, Guid merchantId, WebhookFormat format);
}
