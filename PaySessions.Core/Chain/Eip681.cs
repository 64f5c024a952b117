using System.Globalization;
using System.Numerics;

namespace PaySessions.Core.Chain;

/// <summary>Payment request URIs (EIP-681) for an ERC-20 transfer, the form wallets open from a QR code.</summary>
public static class Eip681
{
    public static string TokenTransfer(string tokenContract, long chainId, string recipient, BigInteger baseUnits) =>
        string.Create(CultureInfo.InvariantCulture, $"ethereum:{tokenContract}@{chainId}/transfer?address={recipient}&uint256={baseUnits}");
}
