using System.Net.Http.Json;
using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Process;

public sealed class CrashRecoveryTests
{
    private const string Wallet = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";

    [Fact]
    public async Task kill_9_the_app_pay_while_it_is_down_and_the_restarted_app_settles_the_payment()
    {
        await using var anvil = await SeededAnvil.StartAsync();
        var rpc = anvil.Rpc;
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-crash-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["Storage__DatabasePath"] = Path.Combine(directory, "pos.db"),
            ["Networks__polygon__RpcUrls__0"] = anvil.RpcUrl,
            ["Networks__polygon__Confirmations"] = "3",
            // The shipped appsettings.json names the real token; our demo token sits at the test address on this chain.
            ["Networks__polygon__Assets__USDC__Contract"] = TestNetworks.Usdc,
            ["Chain__PollInterval"] = "00:00:00.200",
            ["Demo__Enabled"] = "true",
            ["Demo__Wallets__polygon"] = Wallet,
        };

        try
        {
            string transactionId;
            BigInteger units;
            await using (var first = await PosProcess.StartAsync(environment))
            {
                using var client = first.DemoClient();
                var sessionId = await client.CreateSessionAsync(8.8m);
                var tx = await (await client.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
                transactionId = tx.GetProperty("transactionID").GetString()!;
                units = BigInteger.Parse(tx.GetProperty("uri").GetString()!.Split("uint256=")[1]);
                await Eventually.Async(() => Task.FromResult(HasCursor(environment["Storage__DatabasePath"])));
                await first.KillHardAsync();
            }

            await DevChainSeeder.TransferAsync(rpc, DemoCustomer.Address, TestNetworks.Usdc, Wallet, units, CancellationToken.None);
            await rpc.Client.CallAsync("anvil_mine", ["0x5"], CancellationToken.None);

            await using var second = await PosProcess.StartAsync(environment);
            using var again = second.DemoClient();
            await Eventually.Async(async () =>
                Assert.Equal(1, (await (await again.GetAsync($"/transaction/{transactionId}")).JsonAsync()).GetProperty("status").GetInt32()));
            var settled = await (await again.GetAsync($"/transaction/{transactionId}")).JsonAsync();
            Assert.Equal(TokenAmount.Format(units, 6), settled.GetProperty("paidAmount").GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The monitor has persisted where it stands: from here on, nothing on chain can be missed.</summary>
    private static bool HasCursor(string databasePath) => DatabaseFile.Count(databasePath, "SELECT COUNT(*) FROM ChainCursors") > 0;
}
