using System.Numerics;
using System.Text;

namespace PaySessions.Core.Chain;

/// <summary>A Solidity call argument: just the three kinds our ERC-20 calls use.</summary>
public abstract record AbiArg
{
    public static AbiArg Address(string address) => new AddressArg(address);

    public static AbiArg Uint(BigInteger value) => new UintArg(value);

    public static AbiArg Text(string value) => new TextArg(value);

    internal sealed record AddressArg(string Value) : AbiArg;

    internal sealed record UintArg(BigInteger Value) : AbiArg;

    internal sealed record TextArg(string Value) : AbiArg;
}

/// <summary>Just enough Solidity ABI encoding for ERC-20 calls: static words plus dynamic strings.</summary>
public static class Abi
{
    public static string Call(string signature, params AbiArg[] args)
    {
        var head = new List<byte>();
        var tail = new List<byte>();
        var headSize = 32 * args.Length;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case AbiArg.AddressArg address:
                    var word = new byte[32];
                    Hex.ToBytes(address.Value).CopyTo(word, 12);
                    head.AddRange(word);
                    break;
                case AbiArg.UintArg number:
                    head.AddRange(Word(number.Value));
                    break;
                case AbiArg.TextArg text:
                    head.AddRange(Word(new BigInteger(headSize + tail.Count)));
                    var bytes = Encoding.UTF8.GetBytes(text.Value);
                    tail.AddRange(Word(new BigInteger(bytes.Length)));
                    tail.AddRange(bytes);
                    tail.AddRange(new byte[(32 - (bytes.Length % 32)) % 32]);
                    break;
            }
        }

        return Hex.FromBytes([.. Keccak.Selector(signature), .. head, .. tail]);
    }

    /// <summary>Reads a returned uint256.</summary>
    public static BigInteger DecodeUint(string returned) => Hex.ToBigInteger(returned.Length > 66 ? returned[..66] : returned);

    /// <summary>Reads a returned dynamic string (offset, length, bytes); empty for an empty return.</summary>
    public static string DecodeString(string returned)
    {
        var data = Hex.ToBytes(returned);
        if (data.Length < 64)
        {
            return "";
        }

        var offset = (int)new BigInteger(data.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
        var length = (int)new BigInteger(data.AsSpan(offset, 32), isUnsigned: true, isBigEndian: true);
        return Encoding.UTF8.GetString(data, offset + 32, length);
    }

    private static byte[] Word(BigInteger value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var word = new byte[32];
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }
}
