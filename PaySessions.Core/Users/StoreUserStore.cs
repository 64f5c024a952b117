using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Users;

/// <summary>
/// Identity's user store with its two-factor secrets kept out of the database in clear text: the authenticator key is
/// sealed (it must be read back to check codes) and recovery codes are kept as SHA-256 hashes (they are only compared).
/// </summary>
public sealed class StoreUserStore(PayDbContext context, SealedSecrets secrets, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<StoreUser, PayDbContext, Guid>(context, describer)
{
    public override Task SetAuthenticatorKeyAsync(StoreUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, secrets.Seal(SealedSecrets.AuthenticatorKey, key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(StoreUser user, CancellationToken cancellationToken) =>
        await base.GetAuthenticatorKeyAsync(user, cancellationToken) is { } stored ? secrets.Open(SealedSecrets.AuthenticatorKey, stored) : null;

    public override Task ReplaceCodesAsync(StoreUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(HashRecoveryCode), cancellationToken);

    /// <summary>What the user typed is hashed and compared with the kept hashes (codes kept in clear text by an older version are hashed at start).</summary>
    public override Task<bool> RedeemCodeAsync(StoreUser user, string code, CancellationToken cancellationToken) =>
        base.RedeemCodeAsync(user, HashRecoveryCode(code), cancellationToken);

    internal const string HashPrefix = "sha256:";

    /// <summary>How a recovery code is kept (always hashed, whatever it looks like).</summary>
    internal static string HashRecoveryCode(string code) =>
        HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
