using System.Globalization;
using System.Numerics;

namespace PaySessions.Core.Chain;

/// <summary>The 0x-prefixed hex quantities and data of the Ethereum JSON-RPC API.</summary>
public static class Hex
{
    public static string FromLong(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static long ToLong(string hex) => long.Parse(Strip(hex), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>Reads an unsigned 256-bit word or quantity (no sign bit, whatever its first digit).</summary>
    public static BigInteger ToBigInteger(string hex)
    {
        var digits = Strip(hex);
        return digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    public static byte[] ToBytes(string hex) => Convert.FromHexString(Strip(hex));

    public static string FromBytes(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>An address as a 32-byte topic, the way indexed event arguments are filtered.</summary>
    public static string AddressTopic(string address) => "0x" + new string('0', 24) + Strip(address).ToLowerInvariant();

    /// <summary>The address held in the low 20 bytes of a 32-byte topic.</summary>
    public static string TopicAddress(string topic) => "0x" + Strip(topic)[^40..].ToLowerInvariant();

    public static bool IsTxHash(string? text) =>
        text is { Length: 66 } && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") is false;

    private static string Strip(string hex) => hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
}
