using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using PaySessions.Core.DevChain;

namespace PaySessions.Benchmarks.Speed;

/// <summary>
/// The speed table of issue 12 in one run: the app in its own process (Release, Production, fresh SQLite file, anvil as
/// its only RPC) under load from Node processes, each HTTP figure beside the ceiling of a static file of the same app.
///   dotnet run -c Release --project tests/PaySessions.Benchmarks -- speed [--smoke] [--out DIR]
/// </summary>
public sealed class SpeedBenchmark(SpeedSizes sizes, SpeedReport report)
{
    private const string PickBody = """{"asset":"USDC","network":"polygon"}""";
    private const string SaleBody = """{"amount":12.5,"amountCurrency":"USD"}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var outIndex = Array.IndexOf(args, "--out");
        var folder = outIndex >= 0 ? args[outIndex + 1] : Path.Combine(SpeedApp.RepositoryRoot(), "bench", "results");
        var report = new SpeedReport(smoke);
        await new SpeedBenchmark(smoke ? SpeedSizes.Smoke : SpeedSizes.Full, report).RunAsync();
        await report.WriteAsync(folder, SpeedReport.Machine());
        return 0;
    }

    private async Task RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-speed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await MeasureAppAsync(Path.Combine(directory, "speed.db"));
            await MeasureChainAsync();
            AddHistory();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task MeasureAppAsync(string database)
    {
        var kit = DevChainKit.Locate();
        await using var anvil = await AnvilProcess.StartAsync(kit.AnvilPath, 137);
        var wallet = SpeedApp.RandomWallet();
        var store = await SpeedApp.PrepareDatabaseAsync(database, wallet);
        var headers = new Dictionary<string, string> { ["X-Api-Key"] = store.ApiKey, ["Content-Type"] = "application/json" };
        var sessionsCreated = 0L;

        await using (var app = await SpeedApp.StartAsync(database, anvil.RpcUrl, store.ApiKey, "/sessions?limit=1"))
        {
            var firstStart = app.FirstAnswer;
            await Task.Delay(sizes.Settle);
            var idle = app.RssMb();
            using var client = Client(app, store.ApiKey);
            var sessionId = await CreateSessionAsync(client);
            sessionsCreated++;

            await NodeLoad.HttpAsync(app.BaseUrl + "/css/app.css", 32, sizes.WarmUp);
            var ceiling = await NodeLoad.HttpAsync(app.BaseUrl + "/css/app.css", 32, sizes.Seconds);
            await NodeLoad.HttpAsync($"{app.BaseUrl}/session/{sessionId}", 32, sizes.WarmUp, headers: headers);
            var read = await NodeLoad.HttpAsync($"{app.BaseUrl}/session/{sessionId}", 32, sizes.Seconds, headers: headers);
            report.Add(new SpeedRow("GET /session/{id}", read.Rps, "req/s", "≥ 15,000 and ≥ 50 % of ceiling", ceiling.Rps, $"p50 {read.P50} ms, p99 {read.P99} ms"));
            report.Add(new SpeedRow("GET /session/{id} p99", read.P99, "ms", "≤ 10 ms", Detail: "32 connections"));
            sessionsCreated += (await NodeLoad.HttpAsync(app.BaseUrl + "/session", 32, sizes.WarmUp, method: "POST", headers: headers, body: SaleBody)).Requests;
            var create = await NodeLoad.HttpAsync(app.BaseUrl + "/session", 32, sizes.Seconds, method: "POST", headers: headers, body: SaleBody);
            sessionsCreated += create.Requests;
            report.Add(new SpeedRow("POST /session", create.Rps, "req/s", "≥ 4,000", ceiling.Rps, $"p50 {create.P50} ms, p99 {create.P99} ms"));
            report.Add(new SpeedRow("POST /session p99", create.P99, "ms", "≤ 20 ms", Detail: "32 connections"));

            sessionsCreated += await MeasurePicksAsync(app, client, headers, ceiling.Rps);
            sessionsCreated += await MeasureHubAsync(app, store.ApiKey, client);

            if (sizes.Sessions > sessionsCreated)
            {
                await NodeLoad.HttpAsync(app.BaseUrl + "/session", 32, amount: (int)(sizes.Sessions - sessionsCreated), method: "POST", headers: headers, body: SaleBody);
            }

            await Task.Delay(sizes.Settle);
            report.Add(new SpeedRow("RSS idle", idle, "MB", "≤ 150 MB", Detail: "after start and the first answer"));
            report.Add(new SpeedRow($"RSS after {sizes.Sessions:N0} sessions", app.RssMb(), "MB", "≤ 250 MB", Detail: $"{sizes.PickTiers[^1] + sizes.PickMeasured:N0} of them with an open payment"));
            await MeasureExportAsync(app, client);
            report.Add(new SpeedRow("start to first answer, fresh schema", firstStart.TotalMilliseconds, "ms", "≤ 1,000 ms", Detail: "GET /sessions?limit=1 with the key"));
        }

        var (starts, _) = await StartsAsync(database, store.ApiKey, null, measureIdle: false);
        report.Add(new SpeedRow("start to first answer, existing database", starts[starts.Count / 2], "ms", "≤ 1,000 ms",
            Detail: $"{sizes.Sessions:N0} sessions, no chain reachable; median of {Describe(starts)} ms"));

        // What a shop runs: scripts/publish.sh's build, compiled ahead of time (scripts/bench.sh publishes one for this row).
        if (Environment.GetEnvironmentVariable("BENCH_PUBLISHED_HOST") is { Length: > 0 } published)
        {
            (starts, var idle) = await StartsAsync(database, store.ApiKey, published, measureIdle: true);
            report.Add(new SpeedRow("start to first answer, existing database, published build", starts[starts.Count / 2], "ms", "≤ 1,000 ms",
                Detail: $"ReadyToRun, one composite image (scripts/publish.sh); median of {Describe(starts)} ms"));
            report.Add(new SpeedRow("RSS idle, published build", idle[idle.Count / 2], "MB", "≤ 150 MB",
                Detail: $"after start and the first answer, existing database; median of {Describe(idle, "0.0")} MB"));
        }
    }

    /// <summary>
    /// Three starts on the existing database with no chain reachable, each to its first answer, sorted; with
    /// <paramref name="measureIdle"/>, each process's resident memory once it has settled after that answer, sorted.
    /// </summary>
    private async Task<(List<double> Starts, List<double> Idle)> StartsAsync(string database, string apiKey, string? appHost, bool measureIdle)
    {
        var starts = new List<double>();
        var idle = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            await using var app = await SpeedApp.StartAsync(database, "http://127.0.0.1:9", apiKey, "/sessions?limit=1", appHost);
            starts.Add(app.FirstAnswer.TotalMilliseconds);
            if (measureIdle)
            {
                await Task.Delay(sizes.Settle);
                idle.Add(app.RssMb());
            }
        }

        starts.Sort();
        idle.Sort();
        return (starts, idle);
    }

    private static string Describe(List<double> values, string format = "0") =>
        string.Join(" / ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>Sales of one price picked in one asset to one wallet, in tiers of open payments; each tier's picks measured.</summary>
    private async Task<long> MeasurePicksAsync(SpeedApp app, HttpClient client, Dictionary<string, string> headers, double ceiling)
    {
        var open = 0;
        var refused = 0L;
        var created = 0L;
        foreach (var tier in sizes.PickTiers)
        {
            var fill = tier - open;
            var measured = tier == sizes.PickTiers[0] ? Math.Min(sizes.PickMeasured, tier) : sizes.PickMeasured;
            var ids = await CreateSessionsAsync(client, fill + measured);
            created += ids.Count;
            if (fill > 0)
            {
                var filled = await NodeLoad.HttpAsync(app.BaseUrl + "/session", 32, amount: fill, method: "POST", headers: headers, body: PickBody,
                    paths: ids.Take(fill).Select(id => $"/session/{id}/transaction"), allowRefusals: true);
                refused += filled.Non2xx;
            }

            var picks = await NodeLoad.HttpAsync(app.BaseUrl + "/session", 32, amount: measured, method: "POST", headers: headers, body: PickBody,
                paths: ids.Skip(fill).Select(id => $"/session/{id}/transaction"), allowRefusals: true);
            refused += picks.Non2xx;
            open = tier + measured;
            report.Add(new SpeedRow($"POST /session/{{id}}/transaction at {tier:N0} open", picks.Rps, "req/s",
                tier == sizes.PickTiers[1] ? "≥ 2,000 at 10,000 open" : "flat across tiers", ceiling,
                $"{1000.0 / picks.Rps:F2} ms of the app per pick (1 / throughput), p50 {picks.P50} ms, p99 {picks.P99} ms, {picks.Non2xx} refused"));
        }

        report.Add(new SpeedRow("open payments of one price to one wallet", open - refused, "payments", "≥ 50,000 before a pick fails",
            Detail: refused == 0 ? "every pick succeeded" : $"{refused:N0} picks refused"));
        return created;
    }

    /// <summary>The fan-out rows; returns how many sessions it created.</summary>
    private async Task<int> MeasureHubAsync(SpeedApp app, string apiKey, HttpClient client)
    {
        // One round unmeasured first, as the HTTP rows run the same load before they are measured: the first update after
        // start also pays for compiling the hub's send path, and whichever round came first carried it.
        await NodeLoad.HubAsync(app.BaseUrl, apiKey, await CreateSessionAsync(client), sizes.HubClients, 1);
        var created = 1;

        // Once with the clients spread over as many Node processes as there are cores (a fleet handles its messages in
        // parallel), once all in one process (which handles every client's message in turn: that queue is in its figure).
        foreach (var processes in new[] { Environment.ProcessorCount, 1 }.Distinct())
        {
            var sessionId = await CreateSessionAsync(client);
            created++;
            var fanout = await NodeLoad.HubAsync(app.BaseUrl, apiKey, sessionId, sizes.HubClients, processes);
            report.Add(new SpeedRow($"hub fan-out to {fanout.Clients:N0} clients in {fanout.Processes} client process{(fanout.Processes == 1 ? "" : "es")} p99",
                fanout.P99 ?? double.NaN, "ms", "≤ 100 ms",
                Detail: $"{fanout.Delivered:N0} delivered, p50 {fanout.P50:F1} ms, max {fanout.Max:F1} ms (from the cancel being asked)"));
        }

        return created;
    }

    private async Task MeasureExportAsync(SpeedApp app, HttpClient client)
    {
        var peak = app.RssMb();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, app.RssMb());
                await Task.Delay(20);
            }
        });
        var rows = 0L;
        var timer = Stopwatch.StartNew();
        await using (var body = await client.GetStreamAsync("/sessions/export.csv"))
        using (var reader = new StreamReader(body))
        {
            while (await reader.ReadLineAsync() is not null)
            {
                rows++;
            }
        }

        await sampling.CancelAsync();
        await sampler;
        report.Add(new SpeedRow("RSS during CSV export", peak, "MB", "≤ 300 MB (1M rows)",
            Detail: $"{rows - 1:N0} rows in {timer.Elapsed.TotalSeconds:F1} s through GET /sessions/export.csv"));
    }

    private async Task MeasureChainAsync()
    {
        var chain = new ChainDetectionBenchmark(sizes.ChainOpen, sizes.ChainMeasured, confirmations: 3);
        var subscribed = await chain.RunAsync("subscription", TimeSpan.FromSeconds(2));
        var polled = await chain.RunAsync("polling", TimeSpan.FromMilliseconds(250));
        report.Add(new SpeedRow("detection latency, head subscription, p99", subscribed.P99, "ms", "≤ 20 ms", Detail: $"{sizes.ChainOpen:N0} open payments, p50 {subscribed.P50:F1} ms"));
        report.Add(new SpeedRow("detection latency, polling every 250 ms, p99", polled.P99, "ms", "≤ 270 ms", Detail: $"p50 {polled.P50:F1} ms"));
        report.Add(new SpeedRow("RPC calls per scanned block, polling", polled.CallsPerBlock, "calls", "≤ 1.5", Detail: $"{sizes.ChainOpen:N0} open payments"));
    }

    /// <summary>The history benchmark's last full run (1,000,000 sessions; bench/results/history.json): its slowest query's p95.</summary>
    private void AddHistory()
    {
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(SpeedApp.RepositoryRoot(), "bench", "results", "history.json")));
        var root = history.RootElement;
        var slowest = root.GetProperty("queries").EnumerateArray().MaxBy(q => q.GetProperty("p95").GetDouble());
        report.Add(new SpeedRow("history query p95, slowest of the set", slowest.GetProperty("p95").GetDouble(), "ms", "≤ 50 ms",
            Detail: $"\"{slowest.GetProperty("name").GetString()}\" at {root.GetProperty("sessions").GetInt64():N0} sessions, from bench/results/history.json ({root.GetProperty("measuredAt").GetString()![..10]})"));
    }

    private static HttpClient Client(SpeedApp app, string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private static async Task<Guid> CreateSessionAsync(HttpClient client)
    {
        using var answer = await client.PostAsync("/session", new StringContent(SaleBody, System.Text.Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        return Guid.Parse(body.GetProperty("sessionID").GetString()!);
    }

    private static async Task<List<Guid>> CreateSessionsAsync(HttpClient client, int count)
    {
        var ids = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => ids[i] = await CreateSessionAsync(client));
        return [.. ids];
    }
}

/// <summary>How much each part of the run does: the full run of the README, or the smoke run the tests keep working.</summary>
/// <param name="WarmUp">Seconds of the same load before each HTTP figure is measured, so it is the steady state and not the JIT's first tiers.</param>
public sealed record SpeedSizes(double Seconds, double WarmUp, int[] PickTiers, int PickMeasured, int HubClients, long Sessions, int ChainOpen, int ChainMeasured, TimeSpan Settle)
{
    public static readonly SpeedSizes Full = new(10, 3, [1_000, 10_000, 50_000], 2_000, 1_000, 100_000, 10_000, 100, TimeSpan.FromSeconds(3));

    public static readonly SpeedSizes Smoke = new(1, 0.5, [20, 60, 100], 20, 10, 400, 40, 3, TimeSpan.FromMilliseconds(200));
}
