using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaySessions.Core;
using PaySessions.Core.History;
using PaySessions.Core.Merchants;
using PaySessions.Tests.Shared;

namespace PaySessions.Benchmarks.History;

/// <summary>
/// The session history at scale: seeds a fresh SQLite file (migrated by the app itself) with a million sessions of two
/// stores, then times each typical query through <see cref="SessionHistory"/> as the API calls it, and a CSV export of
/// every row in a separate process whose peak memory is read from the kernel.
/// <c>dotnet run -c Release --project tests/PaySessions.Benchmarks -- history [--smoke] [--sessions N] [--iterations N] [--out DIR] [--db FILE] [--log-sql] [--only TEXT]</c>:
/// <c>--db</c> keeps the seeded file (and reuses it when it exists), <c>--log-sql</c> prints every SQL command with its time,
/// <c>--only</c> runs the queries whose name contains the text (no export, no report).
/// </summary>
public static class HistoryBenchmark
{
    private const string Wallet = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-history-" + Guid.NewGuid().ToString("N"));
        var database = options.Database ?? Path.Combine(directory, "history.db");
        var reuse = options.Database is not null && File.Exists(database);
        await using var services = Services(database, options.LogSql);
        try
        {
            Console.WriteLine($"History benchmark: {options.Sessions:N0} sessions, {options.Iterations} runs per query, {Environment.ProcessorCount} cores");
            var clock = Stopwatch.StartNew();
            await services.PreparePaySessionsAsync();
            var stores = reuse ? await ReadStoresAsync(database) : await SeedAsync(services, database, options.Sessions);
            var seeding = clock.Elapsed;
            Console.WriteLine(reuse ? $"Reusing {database}" : $"Seeded in {seeding.TotalSeconds:F1} s; file {new FileInfo(database).Length / 1048576.0:F0} MB");

            var history = services.GetRequiredService<SessionHistory>();
            var results = new List<QueryResult>();
            foreach (var query in HistoryQueries.For(stores[0], history).Where(q => options.Only is null || q.Name.Contains(options.Only, StringComparison.OrdinalIgnoreCase)))
            {
                results.Add(await MeasureAsync(query, options));
                Console.WriteLine($"  {results[^1].Name,-46} p50 {results[^1].P50,8:F2} ms   p95 {results[^1].P95,8:F2} ms   ({results[^1].Rows} rows)");
            }

            if (options.Only is not null)
            {
                return 0;
            }

            var export = await ExportInChildAsync(database, stores);
            Console.WriteLine($"  CSV export of {export.Rows:N0} rows: {export.Seconds:F1} s, {export.RowsPerSecond:N0} rows/s, peak RSS {export.PeakRssMb:F0} MB");
            var report = new HistoryReport(options, stores.Sum(s => s.Sessions), stores.Select(s => s.Sessions).ToArray(), reuse ? null : seeding.TotalSeconds,
                new FileInfo(database).Length / 1048576.0, SqliteVersion(database), results, export);
            var written = report.Write(options.OutputDirectory ?? Path.Combine(RepositoryRoot(), "bench", "results"), options.Smoke ? "history-smoke" : "history");
            Console.WriteLine($"Wrote {string.Join(" and ", written)}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (options.Database is null)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The child process: exports every store's rows to a file and reports rows, time and the process's peak RSS.</summary>
    public static async Task<int> ExportAsync(string[] args)
    {
        var database = args[0];
        var output = args[1];
        await using var services = Services(database, logSql: false);
        var history = services.GetRequiredService<SessionHistory>();
        var clock = Stopwatch.StartNew();
        long rows = 0;
        await using (var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            foreach (var merchant in args[2..].Select(Guid.Parse))
            {
                rows += await HistoryCsv.WriteAsync(file, history.ExportAsync(merchant, new HistoryFilter()), DateTime.UtcNow);
            }
        }

        var result = new ExportResult(rows, clock.Elapsed.TotalSeconds, new FileInfo(output).Length / 1048576.0, PeakRssMb());
        File.Delete(output);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<QueryResult> MeasureAsync(HistoryQueryCase query, BenchOptions options)
    {
        for (var i = 0; i < options.Warmup; i++)
        {
            await query.Run(i);
        }

        var timings = new List<double>();
        var rows = 0;
        for (var i = 0; i < options.Iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            rows = await query.Run(options.Warmup + i);
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        return new QueryResult(query.Name, query.Description, Percentile(timings, 0.50), Percentile(timings, 0.95), timings[^1], rows);
    }

    private static async Task<ExportResult> ExportInChildAsync(string database, IReadOnlyList<SeededStore> stores)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "history-export", database, database + ".csv" }.Concat(stores.Select(s => s.MerchantId.ToString())))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The export process failed ({process.ExitCode}): {await error}");
        }

        return JsonSerializer.Deserialize<ExportResult>((await output).Trim().Split('\n')[^1])!;
    }

    private static async Task<IReadOnlyList<SeededStore>> SeedAsync(ServiceProvider services, string database, int sessions)
    {
        var registry = services.GetRequiredService<MerchantRegistry>();
        var big = (await registry.CreateAsync("Busy Cafe", [new WalletSpec("polygon", Wallet, ["USDC"])])).Merchant;
        var small = (await registry.CreateAsync("Corner Shop", [new WalletSpec("polygon", Wallet, ["USDC"])])).Merchant;
        return HistorySeeder.Seed(database, [(big.Id, big.AccountId, 0.8), (small.Id, small.AccountId, 0.2)], sessions, Console.WriteLine);
    }

    /// <summary>With --db on an already seeded file: the stores and some values to query, read back from it.</summary>
    private static async Task<IReadOnlyList<SeededStore>> ReadStoresAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        var stores = new List<SeededStore>();
        foreach (var (merchant, count) in await ListAsync(connection, "SELECT MerchantId, count(*) FROM Sessions GROUP BY MerchantId ORDER BY 2 DESC", r => (r.GetGuid(0), r.GetInt32(1))))
        {
            var id = merchant.ToString("D").ToUpperInvariant();
            var cashiers = await ListAsync(connection, $"SELECT DISTINCT CashierId FROM Sessions WHERE MerchantId = '{id}' AND CashierId IS NOT NULL LIMIT 10", r => r.GetGuid(0));
            var hashes = await ListAsync(connection, $"SELECT TxHash FROM Sessions WHERE MerchantId = '{id}' AND TxHash IS NOT NULL AND rowid % 97 = 0 LIMIT 2000", r => r.GetString(0));
            var payers = await ListAsync(connection, $"SELECT Payer FROM Sessions WHERE MerchantId = '{id}' AND Payer IS NOT NULL AND rowid % 89 = 0 LIMIT 2000", r => r.GetString(0));
            stores.Add(new SeededStore(merchant, count, cashiers, hashes, payers));
        }

        return stores;
    }

    private static async Task<List<T>> ListAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(read(reader));
        }

        return list;
    }

    private static ServiceProvider Services(string database, bool logSql)
    {
        var settings = new Dictionary<string, string?>(TestNetworks.Settings) { ["Storage:DatabasePath"] = database };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(logSql ? LogLevel.Information : LogLevel.Warning).AddSimpleConsole())
            .AddSingleton<IConfiguration>(configuration)
            .AddPaySessionsCore(configuration)
            .BuildServiceProvider();
    }

    private static double Percentile(List<double> sorted, double share) => sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The most this process has had resident at once (VmHWM), in MB.</summary>
    private static double PeakRssMb()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture) / 1024;
    }

    private static string SqliteVersion(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaySessions.sln")))
            {
                return dir.FullName;
            }
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaySessions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PaySessions.sln was not found; pass --out.");
    }
}

public sealed record BenchOptions(bool Smoke, int Sessions, int Iterations, int Warmup, string? OutputDirectory, string? Database, bool LogSql, string? Only)
{
    public static BenchOptions Parse(string[] args)
    {
        var smoke = args.Contains("--smoke");
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(
            smoke,
            Number("--sessions", smoke ? 10_000 : 1_000_000),
            Number("--iterations", smoke ? 5 : 50),
            smoke ? 1 : 3,
            Value("--out"),
            Value("--db"),
            args.Contains("--log-sql"),
            Value("--only"));
    }
}

public sealed record QueryResult(string Name, string Description, double P50, double P95, double Max, int Rows);

public sealed record ExportResult(long Rows, double Seconds, double FileMb, double PeakRssMb)
{
    public double RowsPerSecond => Seconds > 0 ? Rows / Seconds : 0;
}
