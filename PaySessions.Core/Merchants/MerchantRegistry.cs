using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>Who is calling: the merchant a valid API key belongs to, and which kind of key it was.</summary>
/// <remarks>
/// <paramref name="CashierId"/>: the signed-in user when the terminal calls, so the sale is theirs.
/// <paramref name="KeyId"/>: the key the call came with (null for the terminal and in-process callers), so what it opens can be closed when it is revoked.
/// </remarks>
public sealed record MerchantCaller(Guid MerchantId, ApiKeyKind KeyKind, Guid? CashierId = null, Guid? KeyId = null);

/// <summary>The wallets to create a merchant with: network name → receiving address and accepted asset symbols.</summary>
public sealed record WalletSpec(string Network, string Address, IReadOnlyList<string> Assets);

/// <summary>The keys of a new merchant, in clear text. This is the only time they exist outside the caller.</summary>
public sealed record IssuedKeys(string PublishableKey, string ApiKey);

public sealed class MerchantRegistry(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time, NetworkCatalog catalog)
{
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
        db.ApiKeys.Add(ApiKey.Issue(merchant.Id, ApiKeyKind.Publishable, keys.PublishableKey, "Publishable key", now));
        db.ApiKeys.Add(ApiKey.Issue(merchant.Id, ApiKeyKind.Secret, keys.ApiKey, "Secret key", now));
        await db.SaveChangesAsync(cancellationToken);
        return (merchant, keys);
    }

    public async Task<Merchant?> FindAsync(Guid merchantId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstOrDefaultAsync(m => m.Id == merchantId, cancellationToken);
    }

    /// <summary>Whether <paramref name="accountId"/> (the API's <c>accountID</c>) is this merchant's own.</summary>
    public async Task<bool> HasAccountAsync(Guid merchantId, Guid accountId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AnyAsync(m => m.Id == merchantId && m.AccountId == accountId, cancellationToken);
    }
}
