using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Users;
using PaySessions.Core.Webhooks;

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
        // Every start asks, so the question is one plain statement (no query for EF to compile on the way to the first answer).
        if (!await AnyInClearTextAsync(db, cancellationToken))
        {
            return;
        }

        var endpoints = await db.WebhookEndpoints.Where(e => e.Secret.StartsWith(WebhookSignature.SecretPrefix)).ToListAsync(cancellationToken);
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

    private static async Task<bool> AnyInClearTextAsync(PayDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT EXISTS (SELECT 1 FROM "WebhookEndpoints" WHERE substr("Secret", 1, {WebhookSignature.SecretPrefix.Length}) = '{WebhookSignature.SecretPrefix}')
                    OR EXISTS (SELECT 1 FROM "AspNetUserTokens" WHERE "LoginProvider" = '{IdentityProvider}' AND "Value" <> ''
                        AND (("Name" = 'AuthenticatorKey' AND substr("Value", 1, {SealedSecrets.Prefix.Length}) <> '{SealedSecrets.Prefix}')
                          OR ("Name" = 'RecoveryCodes' AND substr("Value", 1, {StoreUserStore.HashPrefix.Length}) <> '{StoreUserStore.HashPrefix}')))
                """;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) != 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
