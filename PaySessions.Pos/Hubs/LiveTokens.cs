using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace PaySessions.Pos.Hubs;

/// <summary>What a live token lets its holder hear: one checkout session of one store, until it expires.</summary>
/// <param name="KeyId">The key that asked for the token: revoking it refuses the token and closes what it opened.</param>
public sealed record LiveToken(Guid MerchantId, Guid SessionId, Guid KeyId, DateTime ExpiresAt);

/// <summary>
/// Issues and reads the short-lived tokens a customer-facing display connects to <c>/hubs/events</c> with. A token is
/// the data-protection seal of its grant, so nothing is stored and no other purpose's sealed data passes as one; it
/// expires by the app's clock (<see cref="TimeProvider"/>), which is why the expiry travels inside the seal rather
/// than through the time-limited protector's own wall clock.
/// </summary>
public sealed class LiveTokens(IDataProtectionProvider protection, TimeProvider time)
{
    /// <summary>Long enough to open a display and reconnect after a blip; short enough that a leaked one soon dies.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Every live token starts with this, so the hub tells it from a key (<c>ak_</c>, <c>pk_</c>) at a glance.</summary>
    public const string Prefix = "lt_";

    private const byte Version = 1;

    // Version, merchant, session, key, expiry ticks.
    private const int Length = 1 + 16 + 16 + 16 + 8;

    private readonly IDataProtector _protector = protection.CreateProtector("PaySessions.Pos.Hubs.LiveTokens.SessionScope.v1");

    public (string Token, DateTime ExpiresAt) Issue(Guid merchantId, Guid sessionId, Guid keyId)
    {
        var expiresAt = time.GetUtcNow().UtcDateTime + Lifetime;
        var plain = new byte[Length];
        plain[0] = Version;
        merchantId.TryWriteBytes(plain.AsSpan(1, 16));
        sessionId.TryWriteBytes(plain.AsSpan(17, 16));
        keyId.TryWriteBytes(plain.AsSpan(33, 16));
        BinaryPrimitives.WriteInt64LittleEndian(plain.AsSpan(49, 8), expiresAt.Ticks);
        return (Prefix + WebEncoders.Base64UrlEncode(_protector.Protect(plain)), expiresAt);
    }

    /// <summary>The grant, or null for anything that is not a token of ours, or one expired unless <paramref name="acceptExpired"/>.</summary>
    public LiveToken? Read(string token, bool acceptExpired = false)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 512)
        {
            return null;
        }

        byte[] plain;
        try
        {
            plain = _protector.Unprotect(WebEncoders.Base64UrlDecode(token[Prefix.Length..]));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }

        if (plain.Length != Length || plain[0] != Version)
        {
            return null;
        }

        var expiresAt = new DateTime(BinaryPrimitives.ReadInt64LittleEndian(plain.AsSpan(49, 8)), DateTimeKind.Utc);
        return !acceptExpired && time.GetUtcNow().UtcDateTime >= expiresAt
            ? null
            : new LiveToken(new Guid(plain.AsSpan(1, 16)), new Guid(plain.AsSpan(17, 16)), new Guid(plain.AsSpan(33, 16)), expiresAt);
    }
}
