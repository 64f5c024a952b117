using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// The active endpoints of every store, kept in memory: consulted on every save that records events, so a store
/// without webhooks pays nothing. Reloaded after any endpoint changes.
/// </summary>
public sealed class WebhookDirectory
{
    private volatile FrozenDictionary<Guid, WebhookEndpoint[]>? _byMerchant;
    private long _version;

    public IReadOnlyList<WebhookEndpoint> For(Guid merchantId, PayDbContext db)
    {
        if (_byMerchant is not { } byMerchant)
        {
            var version = Interlocked.Read(ref _version);
            byMerchant = Load(db);
            if (Interlocked.Read(ref _version) == version)
            {
                _byMerchant = byMerchant; // a change during the load leaves the cache empty for the next save
            }
        }

        return byMerchant.TryGetValue(merchantId, out var endpoints) ? endpoints : [];
    }

    /// <summary>Forget what is loaded; the next save reads the endpoints again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _byMerchant = null;
    }

    private static FrozenDictionary<Guid, WebhookEndpoint[]> Load(PayDbContext db) =>
        db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.DisabledAt == null && e.DeletedAt == null)
            .AsEnumerable()
            .GroupBy(e => e.MerchantId)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
}
