using System.Numerics;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Core.Payments;

namespace PaySessions.Pos.Hosting;

/// <summary>The funded demo customer of the dev chain, paying for real on that chain. Registered only when the dev chain runs.</summary>
public sealed class DemoWallet(RpcClients rpcClients)
{
    public async Task<string> PayAsync(Payment payment, BigInteger baseUnits, CancellationToken cancellationToken = default)
    {
        var rpc = rpcClients.For(payment.Network) ?? throw new InvalidOperationException($"No RPC for {payment.Network}.");
        var receipt = await DevChainSeeder.TransferAsync(rpc, DemoCustomer.Address, payment.TokenContract, payment.Recipient, baseUnits, cancellationToken);
        return receipt.TxHash;
    }
}
