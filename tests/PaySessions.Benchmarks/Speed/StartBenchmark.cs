using System.Globalization;

namespace PaySessions.Benchmarks.Speed;

/// <summary>
/// Start-up alone, for working on it: a prepared database (schema, one store), the app started several times against
/// it with no chain reachable, each time to the first answer of an API read; then its resident memory once idle.
///   dotnet run -c Release --project tests/PaySessions.Benchmarks -- start [--runs N]
/// </summary>
public static class StartBenchmark
{
    /// <summary>
    /// For profiling by hand: the app on a prepared database with a local chain, its URL, process id and secret key
    /// printed, until the input closes (<c>scripts/bench.sh serve &lt; /dev/tty</c>, or a pipe the caller holds).
    /// </summary>
    public static async Task<int> ServeAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-serve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var database = Path.Combine(directory, "serve.db");
            var kit = PaySessions.Core.DevChain.DevChainKit.Locate();
            await using var anvil = await PaySessions.Core.DevChain.AnvilProcess.StartAsync(kit.AnvilPath, 137);
            var wallet = "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
            var store = await SpeedApp.PrepareDatabaseAsync(database, wallet);
            await using var app = await SpeedApp.StartAsync(database, anvil.RpcUrl, store.ApiKey, "/sessions?limit=1");
            Console.WriteLine($"url={app.BaseUrl} pid={app.ProcessId} key={store.ApiKey}");
            await Console.In.ReadToEndAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var runsIndex = Array.IndexOf(args, "--runs");
        var runs = runsIndex >= 0 ? int.Parse(args[runsIndex + 1], CultureInfo.InvariantCulture) : 5;
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-start-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var database = Path.Combine(directory, "start.db");
            var wallet = "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
            var store = await SpeedApp.PrepareDatabaseAsync(database, wallet);
            for (var run = 1; run <= runs; run++)
            {
                await using var app = await SpeedApp.StartAsync(database, "http://127.0.0.1:9", store.ApiKey, "/sessions?limit=1");
                var first = app.FirstAnswer.TotalMilliseconds;
                await Task.Delay(TimeSpan.FromSeconds(3));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: first answer {first:0} ms, RSS idle {app.RssMb():0.0} MB"));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }
}
