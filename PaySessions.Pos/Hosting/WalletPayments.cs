using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Payments;

namespace PaySessions.Pos.Hosting;

/// <summary>What the checkout and wallet pages need to pay from a wallet: the call data, and waiting until the chain has the transaction.</summary>
public sealed class WalletPayments(RpcClients rpcClients)
{
    public static string TransferData(Payment payment, BigInteger baseUnits) =>
        Abi.Call("transfer(address,uint256)", AbiArg.Address(payment.Recipient), AbiArg.Uint(baseUnits));

    /// <summary>Waits (up to a minute) until the transaction is mined, so a receipt can be checked.</summary>
    public async Task<bool> WaitMinedAsync(string network, string txHash, CancellationToken cancellationToken = default)
    {
        var rpc = rpcClients.For(network);
        for (var attempt = 0; rpc is not null && attempt < 120; attempt++)
        {
            if (await rpc.GetReceiptAsync(txHash, cancellationToken) is not null)
            {
                return true;
            }

            await Task.Delay(500, cancellationToken);
        }

        return false;
    }
}
