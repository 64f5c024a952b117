using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.DevChain;

/// <summary>The demo customer's wallet on the local chain: payments sent at once from one account all arrive, each once.</summary>
public sealed class DevChainSendTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task payments_sent_at_once_from_one_account_while_blocks_are_mined_all_arrive_once()
    {
        var shop = "0x" + Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant() + "00000000";
        var amounts = Enumerable.Range(1, 24).Select(i => new BigInteger(1_000_000 + i)).ToArray();

        // Sends from one account that meet (and blocks mined meanwhile): without one send at a time anvil refuses some
        // ("nonce too low") or leaves one waiting behind a refused nonce.
        var payments = amounts.Select(units => chain.PayAsync(TestNetworks.Usdc, shop, units));
        var mining = Enumerable.Range(0, 24).Select(_ => chain.MineAsync(1));
        var receipts = await Task.WhenAll(payments);
        await Task.WhenAll(mining);

        Assert.All(receipts, r => Assert.True(r.Succeeded));
        Assert.Equal(amounts.Length, receipts.Select(r => r.TxHash).Distinct().Count());
        var balance = Abi.DecodeUint(await chain.Rpc.CallAsync(TestNetworks.Usdc, Abi.Call("balanceOf(address)", AbiArg.Address(shop)), CancellationToken.None));
        Assert.Equal(amounts.Aggregate(BigInteger.Add), balance);
    }
}
