using System.Security.Cryptography;
using System.Text;

namespace PaySessions.Core.Merchants;

public enum ApiKeyKind
{
    /// <summary><c>pk_…</c>, safe to embed in a POS or web page; cannot set an FX rate.</summary>
    Publishable = 0,

    /// <summary><c>ak_…</c>, the merchant's server-side secret.</summary>
    Secret = 1,
}

/// <summary>An API key as stored: only its SHA-256 hash and a short prefix to recognise it by. The key itself is shown once.</summary>
public sealed class ApiKey
{
    /// <summary>How much of a key is kept and shown: "ak_" and seven hex digits, 28 of its 192 random bits.</summary>
    public const int PrefixLength = 10;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid MerchantId { get; set; }

    public ApiKeyKind Kind { get; set; }

    public required string Hash { get; set; }

    public required string Prefix { get; set; }

    /// <summary>What the owner called it, e.g. "Web shop".</summary>
    public string Label { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the key was last accepted, to the minute.</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>The row for a key just generated (or configured): its hash and the first characters to recognise it by.</summary>
    public static ApiKey Issue(Guid merchantId, ApiKeyKind kind, string key, string label, DateTime now) => new()
    {
        MerchantId = merchantId,
        Kind = kind,
        Hash = HashOf(key),
        Prefix = key[..Math.Min(key.Length, PrefixLength)],
        Label = label,
        CreatedAt = now,
    };

    /// <summary>From now on the key is refused. Revoking twice keeps the first time.</summary>
    public void Revoke(DateTime now) => RevokedAt ??= now;

    public static string NewKey(ApiKeyKind kind) =>
        (kind == ApiKeyKind.Publishable ? "pk_" : "ak_") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Keys are 192-bit random strings, so a plain SHA-256 is enough: there is nothing to brute-force.</summary>
    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static ApiKeyKind? KindOf(string key) =>
        key.StartsWith("pk_", StringComparison.Ordinal) ? ApiKeyKind.Publishable
        : key.StartsWith("ak_", StringComparison.Ordinal) ? ApiKeyKind.Secret
        : null;
}
