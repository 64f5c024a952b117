using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Hosting;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Support;

/// <summary>Acting on the app's own dev chain from a test: pay as the demo customer, mine blocks.</summary>
public static class DevChainCalls
{
    public static EthRpc Rpc(this TestPos pos) => pos.Get<RpcClients>().For(pos.Get<DevChainInfo>().Network.Name)!;

    public static Task<Receipt> PayAsync(this TestPos pos, string token, string to, BigInteger baseUnits) =>
        DevChainSeeder.TransferAsync(pos.Rpc(), DemoCustomer.Address, token, to, baseUnits, CancellationToken.None);

    public static Task MineAsync(this TestPos pos, int blocks) =>
        pos.Rpc().Client.CallAsync("anvil_mine", [Hex.FromLong(blocks)], CancellationToken.None);

    /// <summary>
    /// Waits for the monitor's first look at the dev chain (its cursor saved). A first look begins at the head, so a
    /// transfer that no open payment expects (a stray one) is only seen if it is mined after that.
    /// </summary>
    public static Task FirstLookAsync(this TestPos pos) => Eventually.Async(async () =>
    {
        await using var db = await pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var network = pos.Get<DevChainInfo>().Network.Name;
        Assert.True(await db.ChainCursors.AnyAsync(c => c.Network == network));
    });
}
