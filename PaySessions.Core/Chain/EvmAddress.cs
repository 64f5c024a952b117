using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PaySessions.Core.Chain;

/// <summary>What is wrong with a piece of text offered as an EVM address.</summary>
public enum AddressProblem
{
    None = 0,

    /// <summary>Nothing was given.</summary>
    Missing,

    /// <summary>Not <c>0x</c> followed by 40 hexadecimal digits.</summary>
    Malformed,

    /// <summary>Upper and lower case are mixed, so it claims an EIP-55 checksum, and the checksum does not match: a typo.</summary>
    BadChecksum,
}

/// <summary>
/// EVM addresses are compared and stored in lowercase hex. The mixed case of EIP-55 is a checksum: it is shown
/// to people and, when someone hands us a mixed-case address, verified, because a wrong one means a mistyped
/// address that would send money nowhere.
/// </summary>
public static class EvmAddress
{
    private const string HexDigits = "0123456789abcdefABCDEF";

    /// <summary>Parses an address to lowercase; refuses anything malformed and any mixed-case address with a wrong checksum.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? address) => Check(text, out address) == AddressProblem.None;

    /// <summary>Like <see cref="TryParse"/>, and says what is wrong. All-lowercase and all-uppercase carry no checksum and are accepted.</summary>
    public static AddressProblem Check(string? text, out string? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            return AddressProblem.Missing;
        }

        if (text.Length != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            return AddressProblem.Malformed;
        }

        var digits = text.AsSpan(2);
        var hasLower = false;
        var hasUpper = false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return AddressProblem.Malformed;
            }

            hasLower |= char.IsAsciiLetterLower(c);
            hasUpper |= char.IsAsciiLetterUpper(c);
        }

        var lower = "0x" + digits.ToString().ToLowerInvariant();
        if (hasLower && hasUpper && !string.Equals(ToChecksum(lower), "0x" + digits.ToString(), StringComparison.Ordinal))
        {
            return AddressProblem.BadChecksum;
        }

        address = lower;
        return AddressProblem.None;
    }

    /// <summary>
    /// The EIP-55 form of a valid address: each letter is upper case where the matching nibble of the Keccak-256
    /// hash of the lowercase hex digits is 8 or more.
    /// </summary>
    public static string ToChecksum(string address)
    {
        if (address.Length != 42 || !address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || address.AsSpan(2).ContainsAnyExcept(HexDigits))
        {
            throw new ArgumentException($"'{address}' is not a 0x address of 20 bytes.", nameof(address));
        }

        var hex = address[2..].ToLowerInvariant();
        var hash = Keccak.Hash(Encoding.ASCII.GetBytes(hex));
        var result = new StringBuilder("0x", 42);
        for (var i = 0; i < hex.Length; i++)
        {
            var nibble = (i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2]) & 0x0f;
            result.Append(nibble >= 8 ? char.ToUpperInvariant(hex[i]) : hex[i]);
        }

        return result.ToString();
    }
}
