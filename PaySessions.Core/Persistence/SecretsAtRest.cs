using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Users;

namespace PaySessions.Core.Persistence;

/// <summary>
/// At start, seals what an older version stored in clear text: webhook secrets and authenticator keys (Data
/// Protection), recovery codes (hashed). Idempotent: sealed values are left alone.
/// </summary>
internal static class SecretsAtRest
{
    private const string IdentityProvider = "[AspNetUserStore]";

    public static async Task SealAsync(PayDbContext db, SealedSecrets secrets, CancellationToken cancellationToken)
    {
        var endpoints = await db.WebhookEndpoints.Where(e => e.Secret.StartsWith(Webhooks.WebhookSignature.SecretPrefix)).ToListAsync(cancellationToken);
        foreach (var endpoint in endpoints)
        {
            endpoint.SealStoredSecret(secrets.Seal(SealedSecrets.WebhookSecret, endpoint.Secret));
        }

        var tokens = await db.Set<IdentityUserToken<Guid>>()
            .Where(t => t.LoginProvider == IdentityProvider && (t.Name == "AuthenticatorKey" || t.Name == "RecoveryCodes"))
            .ToListAsync(cancellationToken);
        foreach (var token in tokens.Where(t => t.Value is { Length: > 0 }))
        {
            if (token.Name == "AuthenticatorKey" && !SealedSecrets.IsSealed(token.Value))
            {
                token.Value = secrets.Seal(SealedSecrets.AuthenticatorKey, token.Value!);
            }
            else if (token.Name == "RecoveryCodes")
            {
                token.Value = string.Join(';', token.Value!.Split(';').Select(c => c.StartsWith(StoreUserStore.HashPrefix, StringComparison.Ordinal) ? c : StoreUserStore.HashRecoveryCode(c)));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
