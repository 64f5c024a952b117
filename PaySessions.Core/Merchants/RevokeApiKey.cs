using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>
/// Cuts a key off. Authentication reads the database on every call (<see cref="AuthenticateApiKey"/>), so the next
/// request with it is refused. Revoking a revoked key again succeeds and keeps the first time; another store's key
/// is "not found", exactly like a key that never existed. Live connections opened with it are closed.
/// </summary>
public sealed partial class RevokeApiKey(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, ApiKeyRevocations revocations, TimeProvider time, ILogger<RevokeApiKey> logger)
{
    public async Task<Result<ApiKeyView>> ExecuteAsync(Guid merchantId, Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.MerchantId == merchantId, cancellationToken);
            if (key is null)
            {
                return PayError.NotFound("API key");
            }

            if (key.IsActive)
            {
                key.Revoke(time.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync(cancellationToken);
                revocations.Revoked(key.Id);
                LogRevoked(logger, key.Kind, key.Prefix, key.Id, merchantId);
            }

            return ApiKeyView.Of(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} API key {Prefix}… ({KeyId}) of merchant {MerchantId} revoked")]
    private static partial void LogRevoked(ILogger logger, ApiKeyKind kind, string prefix, Guid keyId, Guid merchantId);
}
