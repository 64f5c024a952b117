using System.Numerics;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Tests.Support;

/// <summary>Acting on the app's own dev chain from a test: pay as the demo customer, mine blocks.</summary>
public static class DevChainCalls
{
    public static EthRpc Rpc(this TestPos pos) => pos.Get<RpcClients>().For(pos.Get<DevChainInfo>().Network.Name)!;

    public static Task<Receipt> PayAsync(this TestPos pos, string token, string to, BigInteger baseUnits) =>
        DevChainSeeder.TransferAsync(pos.Rpc(), DemoCustomer.Address, token, to, baseUnits, CancellationToken.None);

    public static Task MineAsync(this TestPos pos, int blocks) =>
        pos.Rpc().Client.CallAsync("anvil_mine", [Hex.FromLong(blocks)], CancellationToken.None);
}
