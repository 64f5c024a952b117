using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Webhooks;

/// <summary>A store's endpoints, their deliveries (newest first, cursor paged) and each delivery's attempts.</summary>
public sealed class WebhookReads(IDbContextFactory<PayDbContext> dbFactory)
{
    public const int MaxPageSize = 100;

    public async Task<IReadOnlyList<WebhookEndpointView>> EndpointsAsync(Guid merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.MerchantId == merchantId && e.DeletedAt == null)
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        return endpoints.Select(WebhookEndpointView.Of).ToList();
    }

    public async Task<WebhookEndpointView?> EndpointAsync(Guid merchantId, string endpointId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await WebhookEndpointLookup.FindAsync(db, merchantId, endpointId, cancellationToken);
        return endpoint is null || endpoint.DeletedAt is not null ? null : WebhookEndpointView.Of(endpoint);
    }

    /// <summary>Null when the endpoint is not this store's. <paramref name="cursor"/> is the previous page's <c>NextCursor</c>.</summary>
    public async Task<WebhookDeliveryPage?> DeliveriesAsync(
        Guid merchantId, string endpointId, int limit, string? cursor, WebhookDeliveryStatus? status = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await WebhookEndpointLookup.FindAsync(db, merchantId, endpointId, cancellationToken);
        if (endpoint is null)
        {
            return null;
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id);
        if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
        {
            query = query.Where(d => d.Id < before);
        }

        if (status is { } wanted)
        {
            query = query.Where(d => d.Status == wanted);
        }

        var take = Math.Clamp(limit, 1, MaxPageSize);
        var rows = await query.OrderByDescending(d => d.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).Select(d => View(d, endpoint.PublicId)).ToList();
        return new WebhookDeliveryPage(page, rows.Count > take ? rows[take - 1].Id.ToString(CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Every delivery about one session, oldest first: the admin timeline shows them beside the events.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> ForSessionAsync(Guid merchantId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.SessionId == sessionId && d.MerchantId == merchantId)
            .OrderBy(d => d.Id)
            .Join(db.WebhookEndpoints, d => d.EndpointId, e => e.Id, (d, e) => new { d, e.PublicId })
            .ToListAsync(cancellationToken);
        return rows.Select(r => View(r.d, r.PublicId)).ToList();
    }

    public async Task<IReadOnlyList<WebhookAttemptView>?> AttemptsAsync(Guid merchantId, string deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.MerchantId == merchantId && d.PublicId == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return null;
        }

        return await db.WebhookAttempts.AsNoTracking()
            .Where(a => a.DeliveryId == delivery.Id)
            .OrderBy(a => a.Id)
            .Select(a => new WebhookAttemptView(a.At, a.StatusCode, a.DurationMs, a.Error, a.Response))
            .ToListAsync(cancellationToken);
    }

    internal static WebhookDeliveryView View(WebhookDelivery d, string endpointId) => new(
        d.PublicId, endpointId, d.MessageId, d.Type, d.Status, d.Attempts, d.CreatedAt,
        d.LastAttemptAt, d.LastStatusCode, d.LastError, d.NextAttemptAt, d.DeliveredAt, d.SessionId);
}
