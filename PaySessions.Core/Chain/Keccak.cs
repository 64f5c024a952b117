using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace PaySessions.Core.Chain;

/// <summary>Keccak-256 (the pre-standard SHA-3 Ethereum uses) and what is derived from it.</summary>
public static class Keccak
{
    /// <summary>topic0 of <c>Transfer(address,address,uint256)</c>.</summary>
    public static readonly string TransferTopic = Hex.FromBytes(Hash(Encoding.ASCII.GetBytes("Transfer(address,address,uint256)")));

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data.ToArray(), 0, data.Length);
        var output = new byte[32];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>The 4-byte function selector of a signature such as <c>transfer(address,uint256)</c>.</summary>
    public static byte[] Selector(string signature) => Hash(Encoding.ASCII.GetBytes(signature))[..4];
}
