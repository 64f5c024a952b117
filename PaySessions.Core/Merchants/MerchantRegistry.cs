using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using PaySessions.Core.Chain;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>Who is calling: the merchant a valid API key belongs to, and which kind of key it was.</summary>
/// <remarks><paramref name="CashierId"/>: the signed-in user when the terminal calls, so the sale is theirs.</remarks>
public sealed record MerchantCaller(Guid MerchantId, ApiKeyKind KeyKind, Guid? CashierId = null);

/// <summary>The wallets to create a merchant with: network name → receiving address and accepted asset symbols.</summary>
public sealed record WalletSpec(string Network, string Address, IReadOnlyList<string> Assets);

/// <summary>The keys of a new merchant, in clear text. This is the only time they exist outside the caller.</summary>
public sealed record IssuedKeys(string PublishableKey, string ApiKey);

public sealed class MerchantRegistry(IDbContextFactory<PayDbContext> dbFactory, IMemoryCache cache, TimeProvider time, NetworkCatalog catalog)
{
    private static readonly TimeSpan CallerCacheLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Creates a merchant. Keys may be supplied (the demo merchant's come from configuration) or are generated.</summary>
    public async Task<(Merchant Merchant, IssuedKeys Keys)> CreateAsync(
        string name, IEnumerable<WalletSpec> wallets, string? publishableKey = null, string? apiKey = null, Guid? id = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var merchant = new Merchant { Name = name, CreatedAt = now };
        if (id is { } fixedId)
        {
            merchant.Id = fixedId;
        }

        foreach (var spec in wallets)
        {
            var network = catalog.FindNetwork(spec.Network) ?? throw new ArgumentException($"Unknown network '{spec.Network}'.", nameof(wallets));
            if (!EvmAddress.TryParse(spec.Address, out var address))
            {
                throw new ArgumentException($"'{spec.Address}' is not an EVM address.", nameof(wallets));
            }

            merchant.Wallets.Add(new MerchantWallet
            {
                Network = network.Name,
                Address = address,
                Assets = spec.Assets.Select(a => a.ToUpperInvariant()).Where(a => catalog.FindAsset(network.Name, a) is not null).ToList(),
            });
        }

        var keys = new IssuedKeys(publishableKey ?? ApiKey.NewKey(ApiKeyKind.Publishable), apiKey ?? ApiKey.NewKey(ApiKeyKind.Secret));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Merchants.Add(merchant);
        db.ApiKeys.Add(NewKeyRow(merchant.Id, ApiKeyKind.Publishable, keys.PublishableKey, now));
        db.ApiKeys.Add(NewKeyRow(merchant.Id, ApiKeyKind.Secret, keys.ApiKey, now));
        await db.SaveChangesAsync(cancellationToken);
        return (merchant, keys);
    }

    /// <summary>Resolves a key presented in a header; null for unknown, revoked or mistyped keys.</summary>
    public async Task<MerchantCaller?> AuthenticateAsync(string key, ApiKeyKind presentedAs, CancellationToken cancellationToken = default)
    {
        if (key.Length is < 8 or > 200 || ApiKey.KindOf(key) != presentedAs)
        {
            return null;
        }

        var hash = ApiKey.HashOf(key);
        if (cache.TryGetValue(hash, out MerchantCaller? cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new { k.MerchantId, k.Kind })
            .FirstOrDefaultAsync(cancellationToken);
        var caller = row is null || row.Kind != presentedAs ? null : new MerchantCaller(row.MerchantId, row.Kind);
        if (caller is not null)
        {
            cache.Set(hash, caller, CallerCacheLifetime);
        }

        return caller;
    }

    public async Task<Merchant?> FindAsync(Guid merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstOrDefaultAsync(m => m.Id == merchantId, cancellationToken);
    }

    private static ApiKey NewKeyRow(Guid merchantId, ApiKeyKind kind, string key, DateTime now) => new()
    {
        MerchantId = merchantId,
        Kind = kind,
        Hash = ApiKey.HashOf(key),
        Prefix = key[..Math.Min(key.Length, 10)],
        CreatedAt = now,
    };
}
