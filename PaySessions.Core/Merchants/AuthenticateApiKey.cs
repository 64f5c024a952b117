using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>
/// Resolves a key presented in a header to its merchant. Active keys are remembered by their hash after the first
/// read, so a busy till costs no database read per call. Revoking goes
/// through <see cref="RevokeApiKey"/>, which tells <see cref="ApiKeyRevocations"/> once committed: the key is then
/// forgotten and its id barred, so the very next call is refused, including one whose read raced the revocation.
/// One process owns the database (SQLite); a second instance would have to share revocations the same way.
/// </summary>
public sealed partial class AuthenticateApiKey
{
    /// <summary>More remembered keys than this (far above any real installation) and the memory starts over.</summary>
    private const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, KeyMatch> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, bool> _revoked = new();
    private readonly IDbContextFactory<PayDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly ILogger<AuthenticateApiKey> logger;

    public AuthenticateApiKey(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time, ILogger<AuthenticateApiKey> logger, ApiKeyRevocations revocations)
    {
        this.dbFactory = dbFactory;
        this.time = time;
        this.logger = logger;
        // Lives as long as this singleton; a revoked key never becomes active again.
        revocations.Subscribe(Forget);
    }

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

        var hash = ApiKey.HashOf(key);
        if (!_active.TryGetValue(hash, out var match))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            match = await FindActive(db, hash, cancellationToken);
            if (match is null)
            {
                return null;
            }

            Remember(hash, match);
        }

        if (match.Kind != presentedAs || _revoked.ContainsKey(match.Id))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (match.LastUsedAt is not { } lastUsed || now - lastUsed >= LastUsedResolution)
        {
            // Noted first, so the calls of the next minute do not all write.
            _active[hash] = match with { LastUsedAt = now };
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await RecordUseAsync(db, match.Id, now, cancellationToken);
        }

        return new MerchantCaller(match.MerchantId, match.Kind, KeyId: match.Id);
    }

    private void Remember(string hash, KeyMatch match)
    {
        if (_active.Count >= MaxRemembered)
        {
            _active.Clear();
        }

        _active[hash] = match;
    }

    private void Forget(Guid keyId)
    {
        _revoked[keyId] = true;
        foreach (var (hash, match) in _active)
        {
            if (match.Id == keyId)
            {
                _active.TryRemove(hash, out _);
            }
        }
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
