using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>
/// Resolves a key presented in a header to its merchant. It asks the database on every call and keeps no cache,
/// so a revoked key is refused on the very next request, whoever revoked it and in whichever process (the back
/// office, the API, a second instance later). That costs one read by a unique index per call, compiled once;
/// the API's per-key rate limit stays far below what that read sustains.
/// </summary>
public sealed partial class AuthenticateApiKey(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time, ILogger<AuthenticateApiKey> logger)
{
    /// <summary>"Last used" moves at most this often per key: a busy integration costs one write a minute, not one per call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private static readonly Func<PayDbContext, string, CancellationToken, Task<KeyMatch?>> FindActive = EF.CompileAsyncQuery(
        (PayDbContext db, string hash, CancellationToken cancellationToken) => db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new KeyMatch(k.Id, k.MerchantId, k.Kind, k.LastUsedAt))
            .FirstOrDefault());

    private static readonly Func<PayDbContext, Guid, CancellationToken, Task<bool>> IsActive = EF.CompileAsyncQuery(
        (PayDbContext db, Guid keyId, CancellationToken cancellationToken) => db.ApiKeys.Any(k => k.Id == keyId && k.RevokedAt == null));

    /// <summary>The caller, or null for an unknown or revoked key, or one sent in the other kind's header.</summary>
    public async Task<MerchantCaller?> ExecuteAsync(string key, ApiKeyKind presentedAs, CancellationToken cancellationToken = default)
    {
        if (key.Length is < 8 or > 200 || ApiKey.KindOf(key) != presentedAs)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var match = await FindActive(db, ApiKey.HashOf(key), cancellationToken);
        if (match is null || match.Kind != presentedAs)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (match.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            await RecordUseAsync(db, match.Id, now, cancellationToken);
        }

        return new MerchantCaller(match.MerchantId, match.Kind, KeyId: match.Id);
    }

    /// <summary>
    /// Whether a key already resolved is still accepted: for what outlives one request (a live connection), asked once
    /// the connection is registered, so a revocation racing the connect is not missed.
    /// </summary>
    public async Task<bool> IsActiveAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await IsActive(db, keyId, cancellationToken);
    }

    // Conditional, so the calls racing at the turn of a minute write once. A failed write never refuses a valid key.
    private async Task RecordUseAsync(PayDbContext db, Guid keyId, DateTime now, CancellationToken cancellationToken)
    {
        var due = now - LastUsedResolution;
        try
        {
            await db.ApiKeys
                .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt <= due))
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }
        catch (DbException ex)
        {
            LogLastUsedNotRecorded(logger, keyId, ex);
        }
    }

    private sealed record KeyMatch(Guid Id, Guid MerchantId, ApiKeyKind Kind, DateTime? LastUsedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of API key {KeyId}; the call goes ahead")]
    private static partial void LogLastUsedNotRecorded(ILogger logger, Guid keyId, Exception exception);
}
