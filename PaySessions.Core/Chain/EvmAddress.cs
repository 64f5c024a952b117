using System.Diagnostics.CodeAnalysis;

namespace PaySessions.Core.Chain;

/// <summary>EVM addresses are compared and stored in lowercase hex; the checksum case is only a display concern.</summary>
public static class EvmAddress
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? address)
    {
        address = null;
        if (text is null || text.Length != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            return false;
        }

        for (var i = 2; i < 42; i++)
        {
            if (!char.IsAsciiHexDigit(text[i]))
            {
                return false;
            }
        }

        address = "0x" + text[2..].ToLowerInvariant();
        return true;
    }
}
