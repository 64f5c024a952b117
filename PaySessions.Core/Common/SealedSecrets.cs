using Microsoft.AspNetCore.DataProtection;

namespace PaySessions.Core.Common;

/// <summary>
/// Secrets the app must read back (webhook signing secrets, authenticator keys) are kept encrypted with ASP.NET Core
/// Data Protection: the database file alone gives none of them away; the key ring lives apart from it (beside the
/// database in its <c>keys</c> folder, or wherever the operator points Data Protection). Values written before
/// sealing existed are read as they are and sealed on their next write.
/// </summary>
public sealed class SealedSecrets(IDataProtectionProvider provider)
{
    /// <summary>How a sealed value begins.</summary>
    public const string Prefix = "dp1:";

    public const string WebhookSecret = "PaySessions.WebhookSecret.v1";
    public const string AuthenticatorKey = "PaySessions.AuthenticatorKey.v1";

    public static bool IsSealed(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Seal(string purpose, string secret) => Prefix + provider.CreateProtector(purpose).Protect(secret);

    /// <summary>The secret in <paramref name="stored"/>; a value from before sealing is returned as it is.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring that sealed it is gone.</exception>
    public string Open(string purpose, string stored) =>
        IsSealed(stored) ? provider.CreateProtector(purpose).Unprotect(stored[Prefix.Length..]) : stored;
}
