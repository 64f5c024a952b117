using System.Security.Cryptography;
using System.Text;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// Signs deliveries the Standard Webhooks way, so receivers verify with the standard libraries unchanged:
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "{id}.{timestamp}.{body}"&gt;</c>, keyed with the bytes
/// the base64 part of the <c>whsec_</c> secret encodes.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new signing secret: 32 random bytes, base64, with the <c>whsec_</c> prefix.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The value of the <c>webhook-signature</c> header for one delivery.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
