using System.Globalization;
using System.Numerics;

namespace PaySessions.Core.Chain;

/// <summary>Conversions between human token amounts (decimal strings) and exact integer base units.</summary>
public static class TokenAmount
{
    /// <summary>Converts a non-negative amount to base units, rounding any fraction below one base unit up, so a payer never pays less than asked.</summary>
    public static BigInteger ToBaseUnitsCeiling(decimal amount, int decimals)
    {
        if (amount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "Token amounts are never negative.");
        }

        var text = amount.ToString(CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        var kept = fraction.Length > decimals ? fraction[..decimals] : fraction.PadRight(decimals, '0');
        var result = BigInteger.Parse(whole + kept, CultureInfo.InvariantCulture);
        if (fraction.Length > decimals && fraction[decimals..].Any(c => c != '0'))
        {
            result += 1;
        }

        return result;
    }

    /// <summary>Parses an exact decimal string ("12.340017") into base units; fails if it has more decimals than the token.</summary>
    public static bool TryParse(string? text, int decimals, out BigInteger baseUnits)
    {
        baseUnits = default;
        if (string.IsNullOrEmpty(text) || text.Length > 80)
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? "" : text[(dot + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length == 0))
        {
            return false;
        }

        fraction = fraction.TrimEnd('0');
        if (fraction.Length > decimals)
        {
            return false;
        }

        baseUnits = BigInteger.Parse(whole + fraction.PadRight(decimals, '0'), CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Formats base units as an exact decimal string without trailing zeros ("12.340017", "5").</summary>
    public static string Format(BigInteger baseUnits, int decimals)
    {
        var negative = baseUnits.Sign < 0;
        var digits = BigInteger.Abs(baseUnits).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var whole = digits[..^decimals];
        var fraction = decimals == 0 ? "" : digits[^decimals..].TrimEnd('0');
        var text = fraction.Length == 0 ? whole : $"{whole}.{fraction}";
        return negative ? "-" + text : text;
    }
}
