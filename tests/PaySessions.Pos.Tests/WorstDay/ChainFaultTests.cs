using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Tests.Process;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// The app's chain monitor behind a node that fails in every way a node fails: it keeps running, settles nothing it
/// should not (a short transfer, an unconfirmed one, one on another chain or a fork), and once the node is well again
/// it settles every payment made meanwhile.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class ChainFaultTests : IAsyncLifetime
{
    private SeededAnvil _main = null!;
    private SeededAnvil _fork = null!;
    private FaultyRpc _rpc = null!;
    private TestPos _pos = null!;

    public async Task InitializeAsync()
    {
        _main = await SeededAnvil.StartAsync();
        // A second later: its genesis (and so every block) differs from the main chain's, as another chain's would.
        await Task.Delay(1_100);
        _fork = await SeededAnvil.StartAsync();

        _rpc = await FaultyRpc.StartAsync(_main.RpcUrl, _fork.RpcUrl);
        _pos = await TestPos.StartAsync(new Dictionary<string, string?>
        {
            ["Networks:polygon:RpcUrls:0"] = _rpc.Url,
            ["Chain:MonitorEnabled"] = "true",
            ["Chain:PollInterval"] = "00:00:00.100",
            ["Chain:RequestTimeout"] = "00:00:00.500",
            ["Chain:MaxRounds"] = "1",
            ["Chain:BackoffBase"] = "00:00:00.050",
            ["Chain:BackoffMax"] = "00:00:00.400",
        });
    }

    public async Task DisposeAsync()
    {
        await _pos.DisposeAsync();
        await _rpc.DisposeAsync();
        await _fork.DisposeAsync();
        await _main.DisposeAsync();
    }

    [Theory]
    [InlineData(RpcFault.Drop)]
    [InlineData(RpcFault.Delay)]
    [InlineData(RpcFault.TooManyRequests)]
    [InlineData(RpcFault.Truncated)]
    [InlineData(RpcFault.Garbage)]
    [InlineData(RpcFault.Behind)]
    [InlineData(RpcFault.OtherChain)]
    [InlineData(RpcFault.FlipForks)]
    public async Task the_monitor_rides_out_a_failing_node_settles_nothing_wrongly_and_catches_up(RpcFault fault)
    {
        var wallet = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var (_, keys) = await _pos.NewMerchantAsync("Fault " + fault, wallet);
        using var till = _pos.Client(keys.PublishableKey);
        var paid = await OpenAsync(till, 3.3m);
        var shortPaid = await OpenAsync(till, 7.7m);
        var monitor = _pos.Get<ChainMonitor>();
        await Eventually.Async(() => monitor.Watching("polygon") is { Head: not null });
        var main = _main.Rpc;
        var injectedBefore = _rpc.Injected;

        _rpc.Fault = fault;
        // On another chain, or on a fork that loses before it is 3 blocks deep, the exact amount arrives where the store
        // is not paid: it must not count (a fork deeper than the confirmation depth would be the chain itself).
        var elsewhere = fault is RpcFault.OtherChain or RpcFault.FlipForks;
        await PayAsync(elsewhere ? _fork.Rpc : main, wallet, paid.Units);
        await PayAsync(main, wallet, shortPaid.Units / 2);
        await MineAsync(main, 3);
        await MineAsync(_fork.Rpc, fault == RpcFault.OtherChain ? 6 : 0);
        await Task.Delay(1_500);
        Assert.NotNull(monitor.Watching("polygon"));
        var during = await StatusAsync(till, paid.Id);
        Assert.NotEqual(elsewhere ? 1 : -1, during.Status);

        _rpc.Fault = RpcFault.None;
        if (elsewhere)
        {
            // Back on the store's chain only: whatever the other side showed is undone.
            await Eventually.Async(async () => Assert.Equal((0, "0"), await StatusAsync(till, paid.Id)));
        }

        var injected = _rpc.Injected - injectedBefore;
        if (elsewhere)
        {
            await PayAsync(main, wallet, paid.Units);
            await MineAsync(main, 3);
        }

        var lost = 0;
        try
        {
            await Eventually.Async(async () => Assert.Equal(1, (await StatusAsync(till, paid.Id)).Status));
        }
        catch (Exception) when (lost++ == 0)
        {
        }

        // A transfer mined but not yet at the confirmation depth (3) waits.
        var unconfirmed = await OpenAsync(till, 5.5m);
        await PayAsync(main, wallet, unconfirmed.Units);
        await Eventually.Async(async () => Assert.Equal(2, (await StatusAsync(till, unconfirmed.Id)).Status));
        await Task.Delay(500);

        var settled = await StatusAsync(till, paid.Id);
        var wrong = (settled.Paid != TokenAmount.Format(paid.Units, 6) ? 1 : 0)
            + ((await StatusAsync(till, shortPaid.Id)).Status == 1 ? 1 : 0)
            + ((await StatusAsync(till, unconfirmed.Id)).Status == 1 ? 1 : 0);
        WorstDayFigures.Add("faults", "faults injected", injected);
        WorstDayFigures.Add("faults", "payments lost", lost);
        WorstDayFigures.Add("faults", "double settlements", wrong);
        Assert.True(injected > 0, "the node never misbehaved");
        Assert.Equal(0, lost);
        Assert.Equal(0, wrong);
    }

    private static async Task<(string Id, BigInteger Units)> OpenAsync(HttpClient till, decimal amount)
    {
        var session = await till.CreateSessionAsync(amount);
        var picked = await (await till.PostAsJsonAsync($"/session/{session}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
        return (picked.GetProperty("transactionID").GetString()!, BigInteger.Parse(picked.GetProperty("uri").GetString()!.Split("uint256=")[1]));
    }

    private static async Task<(int Status, string Paid)> StatusAsync(HttpClient till, string id)
    {
        var tx = await (await till.GetAsync($"/transaction/{id}")).JsonAsync();
        return (tx.GetProperty("status").GetInt32(), tx.GetProperty("paidAmount").GetString()!);
    }

    private static Task PayAsync(EthRpc node, string wallet, BigInteger units) =>
        DevChainSeeder.TransferAsync(node, DemoCustomer.Address, TestNetworks.Usdc, wallet, units, CancellationToken.None);

    private static async Task MineAsync(EthRpc node, int blocks)
    {
        if (blocks > 0)
        {
            await node.Client.CallAsync("anvil_mine", [Hex.FromLong(blocks)], CancellationToken.None);
        }
    }
}
