using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// Sends a failed (or still waiting) delivery again now, same id and body, its retry schedule started over; or
/// every failed delivery of one endpoint since a time. A delivered message is not sent twice.
/// </summary>
public sealed class RetryWebhookDeliveries(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, WebhookSignal signal, TimeProvider time)
{
    public async Task<Result<WebhookDeliveryView>> OneAsync(Guid merchantId, string deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.MerchantId == merchantId && d.PublicId == deliveryId, cancellationToken);
            if (delivery is null)
            {
                return PayError.NotFound("Webhook delivery");
            }

            if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == delivery.EndpointId && e.DeletedAt == null, cancellationToken))
            {
                return PayError.Conflict(ErrorCodes.EndpointDeleted, "Its webhook endpoint was deleted; nothing is sent to it any more.");
            }

            if (!delivery.Retry(time.GetUtcNow().UtcDateTime))
            {
                return PayError.Conflict(ErrorCodes.AlreadyDelivered, "This delivery already succeeded; it is not sent twice.");
            }

            await db.SaveChangesAsync(cancellationToken);
            signal.Wake();
            return WebhookReads.View(delivery, await db.WebhookEndpoints.Where(e => e.Id == delivery.EndpointId).Select(e => e.PublicId).FirstAsync(cancellationToken));
        }
    }

    /// <summary>Every delivery of the endpoint that failed and was created at or after <paramref name="since"/>; returns how many.</summary>
    public async Task<Result<int>> FailedSinceAsync(Guid merchantId, string endpointId, DateTime since, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var endpoint = await WebhookEndpointLookup.FindAsync(db, merchantId, endpointId, cancellationToken);
            if (endpoint is null || endpoint.DeletedAt is not null)
            {
                return PayError.NotFound("Webhook endpoint");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var failed = await db.WebhookDeliveries
                .Where(d => d.EndpointId == endpoint.Id && d.Status == WebhookDeliveryStatus.Failed && d.CreatedAt >= since)
                .ToListAsync(cancellationToken);
            foreach (var delivery in failed)
            {
                delivery.Retry(now);
            }

            await db.SaveChangesAsync(cancellationToken);
            signal.Wake();
            return failed.Count;
        }
    }
}
