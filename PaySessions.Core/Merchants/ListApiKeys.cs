using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>A key as its owner sees it: never the key itself, only the prefix it starts with.</summary>
public sealed record ApiKeyView(Guid Id, ApiKeyKind Kind, string Label, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsActive => RevokedAt is null;

    public static ApiKeyView Of(ApiKey key) => new(key.Id, key.Kind, key.Label, key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>One page of a store's keys and how many there are in all.</summary>
public sealed record ApiKeyPage(IReadOnlyList<ApiKeyView> Keys, int Total);

/// <summary>A store's keys, active ones first, newest first; revoked keys stay listed so the owner sees what was cut off and when.</summary>
public sealed class ListApiKeys(IDbContextFactory<PayDbContext> dbFactory)
{
    public async Task<ApiKeyPage> ExecuteAsync(Guid merchantId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ofStore = db.ApiKeys.AsNoTracking().Where(k => k.MerchantId == merchantId);
        var keys = await ofStore
            .OrderBy(k => k.RevokedAt != null)
            .ThenByDescending(k => k.CreatedAt)
            .Skip(Math.Max(skip, 0))
            .Take(Math.Max(take, 0))
            .Select(k => new ApiKeyView(k.Id, k.Kind, k.Label, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
        return new ApiKeyPage(keys, await ofStore.CountAsync(cancellationToken));
    }
}
