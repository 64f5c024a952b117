using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// What an owner does to an existing endpoint: delete it (pending deliveries are canceled, the log stays),
/// rotate its secret (the new one signs from the next attempt on), or enable it again after it was disabled (what
/// waited goes at once).
/// Another store's endpoint is "not found", like one that never existed.
/// </summary>
public sealed partial class ChangeWebhookEndpoint(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, WebhookDirectory directory, WebhookSignal signal,
    SealedSecrets secrets, TimeProvider time, ILogger<ChangeWebhookEndpoint> logger)
{
    public Task<Result<WebhookEndpointView>> DeleteAsync(Guid merchantId, string endpointId, CancellationToken cancellationToken = default) =>
        ChangeAsync(merchantId, endpointId, async (db, endpoint, now) =>
        {
            endpoint.Delete(now);
            await db.WebhookDeliveries
                .Where(d => d.EndpointId == endpoint.Id && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, WebhookDeliveryStatus.Canceled).SetProperty(d => d.NextAttemptAt, (DateTime?)null), cancellationToken);
            LogDeleted(logger, endpoint.PublicId, merchantId);
        }, cancellationToken);

    public async Task<Result<IssuedWebhookEndpoint>> RotateSecretAsync(Guid merchantId, string endpointId, CancellationToken cancellationToken = default)
    {
        var secret = WebhookSignature.NewSecret();
        var changed = await ChangeAsync(merchantId, endpointId, (_, endpoint, now) =>
        {
            endpoint.RotateSecret(secrets.Seal(SealedSecrets.WebhookSecret, secret), now);
            LogRotated(logger, endpoint.PublicId, merchantId);
            return Task.CompletedTask;
        }, cancellationToken);
        return changed.Ok ? new IssuedWebhookEndpoint(changed.Value, secret) : changed.Error;
    }

    public Task<Result<WebhookEndpointView>> EnableAsync(Guid merchantId, string endpointId, CancellationToken cancellationToken = default) =>
        ChangeAsync(merchantId, endpointId, async (db, endpoint, now) =>
        {
            endpoint.Enable(now);
            await db.WebhookDeliveries
                .Where(d => d.EndpointId == endpoint.Id && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt > now)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.NextAttemptAt, now), cancellationToken);
        }, cancellationToken);

    private async Task<Result<WebhookEndpointView>> ChangeAsync(
        Guid merchantId, string endpointId, Func<PayDbContext, WebhookEndpoint, DateTime, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var endpoint = await WebhookEndpointLookup.FindAsync(db, merchantId, endpointId, cancellationToken);
            if (endpoint is null || endpoint.DeletedAt is not null)
            {
                return PayError.NotFound("Webhook endpoint");
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await change(db, endpoint, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            directory.Invalidate();
            signal.Wake();
            return WebhookEndpointView.Of(endpoint);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {EndpointId} of merchant {MerchantId} deleted")]
    private static partial void LogDeleted(ILogger logger, string endpointId, Guid merchantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint {EndpointId} of merchant {MerchantId}: secret rotated")]
    private static partial void LogRotated(ILogger logger, string endpointId, Guid merchantId);
}

/// <summary>Finds a store's endpoint by its <c>wh_</c> id or, for checkout-format endpoints, its uuid.</summary>
internal static class WebhookEndpointLookup
{
    public static Task<WebhookEndpoint?> FindAsync(PayDbContext db, Guid merchantId, string endpointId, CancellationToken cancellationToken) =>
        Guid.TryParse(endpointId, out var uuid)
            ? db.WebhookEndpoints.FirstOrDefaultAsync(e => e.MerchantId == merchantId && e.Id == uuid, cancellationToken)
            : db.WebhookEndpoints.FirstOrDefaultAsync(e => e.MerchantId == merchantId && e.PublicId == endpointId, cancellationToken);
}
