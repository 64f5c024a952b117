using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.DevChain;
using PaySessions.Core.Installation;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Installation;

/// <summary>The installation owner's network settings: saved over appsettings, tested first, in effect at once.</summary>
public sealed class NetworkSettingsTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    /// <summary>Polygon as a fresh installation ships it: configured, but with no RPC URL.</summary>
    private static readonly Dictionary<string, string?> WithoutRpc = new()
    {
        ["Networks:polygon:RpcUrls:0"] = "",
        ["Chain:PollInterval"] = "00:00:00.100",
        ["Chain:BackoffBase"] = "00:00:00.050",
        ["Chain:BackoffMax"] = "00:00:01",
        ["Chain:MaxRounds"] = "1",
    };

    [Fact]
    public async Task saving_an_rpc_url_at_run_time_starts_the_watch_and_a_payment_on_that_network_settles()
    {
        await using var core = await CoreHarness.StartAsync(WithoutRpc, new ManualTime(DateTimeOffset.UtcNow));
        var monitor = core.Get<ChainMonitor>();
        await monitor.StartAsync(CancellationToken.None);
        try
        {
            var (merchant, wallet) = await NewMerchantAsync(core);
            Assert.Equal(ErrorCodes.UnsupportedCurrency, (await NewSessionAsync(core, merchant)).Error?.Code);
            Assert.Null(monitor.Watching("polygon"));

            var saved = await SaveAsync(core, chain.Anvil.RpcUrl);

            Assert.True(saved.Ok, saved.Error?.Message);
            await Eventually.Async(() => monitor.Watching("polygon") is { Head: not null });
            var session = (await NewSessionAsync(core, merchant)).Value!;
            var payment = (await core.Get<SessionService>().PickAsync(session.Id, merchant.MerchantId, "USDC", "polygon")).Value!;
            await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
            await chain.MineAsync(2);
            await Eventually.Async(async () =>
                Assert.Equal(PaymentStatus.Succeeded, (await core.Get<SessionService>().FindPaymentAsync(payment.Id, null))!.Status));
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task a_network_that_loses_its_rpc_urls_is_no_longer_watched_nor_offered()
    {
        await using var core = await CoreHarness.StartAsync(WithoutRpc, new ManualTime(DateTimeOffset.UtcNow));
        var monitor = core.Get<ChainMonitor>();
        await monitor.StartAsync(CancellationToken.None);
        try
        {
            var (merchant, _) = await NewMerchantAsync(core);
            Assert.True((await SaveAsync(core, chain.Anvil.RpcUrl)).Ok);
            await Eventually.Async(() => monitor.Watching("polygon") is not null);
            Assert.True((await NewSessionAsync(core, merchant)).Ok);

            var cleared = await SaveAsync(core, "");

            Assert.True(cleared.Ok, cleared.Error?.Message);
            Assert.False(cleared.Value.Offered);
            await Eventually.Async(() => monitor.Watching("polygon") is null);
            Assert.Equal(ErrorCodes.UnsupportedCurrency, (await NewSessionAsync(core, merchant)).Error?.Code);
            Assert.Equal("Not offered to customers: no RPC URL", core.Get<InstallationNetworks>().Status("polygon"));
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task a_url_of_another_chain_or_of_nothing_saves_nothing_and_says_why()
    {
        await using var core = await CoreHarness.StartAsync(WithoutRpc);
        await using var ethereum = await AnvilProcess.StartAsync(DevChainKit.Locate().AnvilPath, 1);

        var wrongChain = await SaveAsync(core, $"{chain.Anvil.RpcUrl}\n{ethereum.RpcUrl}", confirmations: 7);
        var nothing = await SaveAsync(core, TestNetworks.NoChainRpcUrl, confirmations: 7);

        Assert.Equal(ErrorCodes.RpcWrongChain, wrongChain.Error?.Code);
        Assert.Equal($"Nothing was saved. {ethereum.RpcUrl}: This RPC serves chain 1, not Polygon (137).", wrongChain.Error!.Message);
        Assert.Equal(ErrorCodes.RpcUnreachable, nothing.Error?.Code);
        var polygon = core.Get<NetworkCatalog>().FindNetwork("polygon")!;
        Assert.Empty(polygon.RpcUrls);
        Assert.Equal(3, polygon.Confirmations);
        await using var db = await core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.NetworkSettings.CountAsync());
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/rpc", 3, "rpcUrls")]
    [InlineData("", 0, "confirmations")]
    [InlineData("", 1001, "confirmations")]
    public async Task settings_out_of_bounds_are_refused_before_any_node_is_asked(string rpcUrls, int confirmations, string field)
    {
        await using var core = await CoreHarness.StartAsync(WithoutRpc);

        var refused = await SaveAsync(core, rpcUrls, confirmations);

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
        Assert.Contains(field, refused.Error!.Fields!.Keys);
    }

    [Fact]
    public async Task saved_settings_override_appsettings_again_after_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-settings-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(WithoutRpc) { ["Storage:DatabasePath"] = Path.Combine(directory, "core.db") };
        try
        {
            await using (var first = await CoreHarness.StartAsync(settings))
            {
                var saved = await first.Get<SaveNetworkSettings>().ExecuteAsync(
                    new NetworkSettingsRequest("polygon", chain.Anvil.RpcUrl, chain.Anvil.WebSocketUrl, 40));
                Assert.True(saved.Ok, saved.Error?.Message);
            }

            await using var second = await CoreHarness.StartAsync(settings);

            var polygon = second.Get<NetworkCatalog>().FindNetwork("polygon")!;
            Assert.Equal([chain.Anvil.RpcUrl], polygon.RpcUrls);
            Assert.Equal(chain.Anvil.WebSocketUrl, polygon.WebSocketUrl);
            Assert.Equal(40, polygon.Confirmations);
            Assert.Equal(40, second.Get<NetworkCatalog>().FindAsset("polygon", "USDC")!.Network.Confirmations);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task while_the_development_chain_runs_its_network_keeps_the_local_node_and_only_the_depth_changes()
    {
        var devChain = new Dictionary<string, string?>(WithoutRpc)
        {
            ["DevChain:Enabled"] = "true",
            ["DevChain:Network"] = "polygon",
            ["Networks:polygon:RpcUrls:0"] = chain.Anvil.RpcUrl,
        };
        await using var core = await CoreHarness.StartAsync(devChain);

        var moved = await SaveAsync(core, "https://polygon.example.test/rpc", confirmations: 3);
        var deeper = await SaveAsync(core, chain.Anvil.RpcUrl, confirmations: 8);

        Assert.Equal(ErrorCodes.ValidationFailed, moved.Error?.Code);
        Assert.True(deeper.Ok, deeper.Error?.Message);
        Assert.Equal([chain.Anvil.RpcUrl], deeper.Value.RpcUrls);
        Assert.Equal(8, core.Get<NetworkCatalog>().FindNetwork("polygon")!.Confirmations);
    }

    private static Task<Result<Network>> SaveAsync(CoreHarness core, string rpcUrls, int confirmations = 3) =>
        core.Get<SaveNetworkSettings>().ExecuteAsync(new NetworkSettingsRequest("polygon", rpcUrls, null, confirmations));

    private static async Task<(MerchantCaller Caller, string Wallet)> NewMerchantAsync(CoreHarness core)
    {
        var wallet = "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        var (merchant, _) = await core.Get<MerchantRegistry>().CreateAsync("Settings Shop", [new WalletSpec("polygon", wallet, ["USDC"])]);
        return (new MerchantCaller(merchant.Id, ApiKeyKind.Secret), wallet);
    }

    private static Task<Result<PaySession>> NewSessionAsync(CoreHarness core, MerchantCaller merchant) =>
        core.Get<SessionService>().CreateAsync(merchant, new CreateSessionRequest(Amount: 4.2m, AmountCurrency: "USD"));
}
