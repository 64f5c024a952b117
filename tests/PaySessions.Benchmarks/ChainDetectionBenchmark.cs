using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaySessions.Core;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Core.Merchants;
using PaySessions.Core.Notifications;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Tests.Shared;

namespace PaySessions.Benchmarks;

/// <summary>
/// Many open payments on one network, a real anvil chain, the real monitor: how many RPC calls each scanned
/// block costs, and how long from the mining of a payment's confirming block to the notifier's "settled".
/// </summary>
public sealed class ChainDetectionBenchmark(int openPayments, int measuredPayments, int confirmations)
{
    /// <summary>What one mode measured: RPC calls per scanned block and the detection latency percentiles (ms).</summary>
    public sealed record Outcome(double CallsPerBlock, double P50, double P99);

    private const int Merchants = 20;

    public async Task<Outcome> RunAsync(string mode, TimeSpan pollInterval)
    {
        var kit = DevChainKit.Locate();
        await using var anvil = await AnvilProcess.StartAsync(kit.AnvilPath, 137);
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-bench-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(TestNetworks.Settings)
        {
            ["Storage:DatabasePath"] = Path.Combine(directory, "bench.db"),
            ["Networks:polygon:RpcUrls:0"] = anvil.RpcUrl,
            ["Networks:polygon:Confirmations"] = confirmations.ToString(CultureInfo.InvariantCulture),
            ["Chain:PollInterval"] = pollInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Sessions:SweepInterval"] = "01:00:00",
        };
        if (mode == "subscription")
        {
            settings["Networks:polygon:WebSocketUrl"] = anvil.WebSocketUrl;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .AddSingleton<IConfiguration>(configuration)
            .AddPaySessionsCore(configuration)
            .BuildServiceProvider();
        try
        {
            await services.PreparePaySessionsAsync();
            // As in the app, from the start: the background checkpointer that keeps the write-ahead log short.
            var checkpointer = services.GetRequiredService<WalCheckpointer>();
            await ((IHostedService)checkpointer).StartAsync(CancellationToken.None);
            // The monitor's client is the one measured; the benchmark drives the chain through a client of its own.
            var monitored = services.GetRequiredService<RpcClients>().For("polygon")!.Client;
            var rpc = new EthRpc(new JsonRpcClient("driver", [new Uri(anvil.RpcUrl)], new HttpClient(), new ChainOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
            await DevChainSeeder.SeedAsync(rpc, kit.TokenRuntimeCode, services.GetRequiredService<NetworkCatalog>().Assets, CancellationToken.None);

            var setup = Stopwatch.StartNew();
            var payments = await OpenPaymentsAsync(services);
            Console.WriteLine($"[{mode}] {payments.Count:N0} open payments to {Merchants} wallets created in {setup.Elapsed.TotalSeconds:F1} s");

            var settled = new ConcurrentDictionary<Guid, long>();
            using var subscription = services.GetRequiredService<SessionNotifier>().SubscribeAll(change =>
            {
                if (change is PaySessions.Core.Events.SessionStatusChanged { To: PaymentStatus.Succeeded, SessionId: { } sessionId })
                {
                    settled.TryAdd(sessionId, Stopwatch.GetTimestamp());
                }

                return Task.CompletedTask;
            });

            var monitor = services.GetRequiredService<ChainMonitor>();
            await ((IHostedService)monitor).StartAsync(CancellationToken.None);
            await Task.Delay(1500); // the monitor pins its cursor and (in subscription mode) subscribes

            var callsBefore = monitored.CallCount;
            var blockBefore = (await rpc.GetBlockAsync(null, CancellationToken.None))!.Number;
            var latencies = new List<double>();
            foreach (var payment in payments.OrderBy(_ => Random.Shared.Next()).Take(measuredPayments))
            {
                await DevChainSeeder.TransferAsync(rpc, DemoCustomer.Address, payment.TokenContract, payment.Recipient, payment.Amount, CancellationToken.None);
                if (confirmations > 2)
                {
                    await rpc.Client.CallAsync("anvil_mine", [Hex.FromLong(confirmations - 2)], CancellationToken.None);
                }

                // Let the monitor take in every block before the confirming one, so only that block is timed.
                await Task.Delay(mode == "subscription" ? TimeSpan.FromMilliseconds(150) : pollInterval + TimeSpan.FromMilliseconds(100));
                var confirmingMined = Stopwatch.GetTimestamp();
                await rpc.Client.CallAsync("anvil_mine", ["0x1"], CancellationToken.None);
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (!settled.ContainsKey(payment.SessionId) && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(1);
                }

                if (!settled.TryGetValue(payment.SessionId, out var at))
                {
                    throw new InvalidOperationException($"Payment {payment.Id} did not settle within 10 s.");
                }

                latencies.Add(Stopwatch.GetElapsedTime(confirmingMined, at).TotalMilliseconds);
            }

            await Task.Delay(pollInterval * 3);
            var blocks = (await rpc.GetBlockAsync(null, CancellationToken.None))!.Number - blockBefore;
            var calls = monitored.CallCount - callsBefore;
            await ((IHostedService)monitor).StopAsync(CancellationToken.None);
            await ((IHostedService)checkpointer).StopAsync(CancellationToken.None);

            latencies.Sort();
            Console.WriteLine($"[{mode}] blocks scanned: {blocks}, RPC calls: {calls}, calls per block: {(double)calls / blocks:F2} (target <= 1.5)");
            Console.WriteLine($"[{mode}] detection latency, confirming block mined -> settled event, {latencies.Count} payments: " +
                $"p50 {Percentile(latencies, 50):F1} ms, p95 {Percentile(latencies, 95):F1} ms, p99 {Percentile(latencies, 99):F1} ms, max {latencies[^1]:F1} ms" +
                (mode == "subscription" ? " (target p99 <= 20 ms)" : $" (target p99 <= poll interval {pollInterval.TotalMilliseconds:F0} ms + 20 ms)"));
            return new Outcome((double)calls / blocks, Percentile(latencies, 50), Percentile(latencies, 99));
        }
        finally
        {
            await services.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<List<Payment>> OpenPaymentsAsync(IServiceProvider services)
    {
        var registry = services.GetRequiredService<MerchantRegistry>();
        var sessions = services.GetRequiredService<SessionService>();
        var callers = new List<MerchantCaller>();
        for (var m = 0; m < Merchants; m++)
        {
            var wallet = Speed.SpeedApp.RandomWallet();
            var (merchant, _) = await registry.CreateAsync($"Bench {m}", [new WalletSpec("polygon", wallet, ["USDC"])]);
            callers.Add(new MerchantCaller(merchant.Id, ApiKeyKind.Secret));
        }

        var payments = new List<Payment>(openPayments);
        for (var i = 0; i < openPayments; i++)
        {
            var caller = callers[i % Merchants];
            var price = 1m + (i / Merchants % 250);
            var session = (await sessions.CreateAsync(caller, new CreateSessionRequest(Amount: price, AmountCurrency: "USD"))).Value!;
            payments.Add((await sessions.PickAsync(session.Id, caller.MerchantId, "USDC", "polygon")).Value!);
        }

        return payments;
    }

    private static double Percentile(List<double> sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
