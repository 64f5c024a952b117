using System.Globalization;
using PaySessions.Core.DevChain;

namespace PaySessions.Benchmarks.Speed;

/// <summary>
/// Start-up alone, for working on it: a prepared database (schema, one store), the app started several times against
/// it with no chain reachable, each time to the first answer of an API read; then its resident memory once idle.
///   dotnet run -c Release --project tests/PaySessions.Benchmarks -- start [--runs N]
/// </summary>
public static class StartBenchmark
{
    private const string Probe = "/sessions?limit=1";

    /// <summary>
    /// For profiling by hand: the app on a prepared database with a local chain, its URL, process id and secret key
    /// printed, until the input closes (<c>scripts/bench.sh serve &lt; /dev/tty</c>, or a pipe the caller holds).
    /// </summary>
    public static Task<int> ServeAsync() => WithStoreAsync("serve", async (database, store) =>
    {
        await using var anvil = await AnvilProcess.StartAsync(DevChainKit.Locate().AnvilPath, 137);
        await using var app = await SpeedApp.StartAsync(database, anvil.RpcUrl, store.ApiKey, Probe);
        Console.WriteLine($"url={app.BaseUrl} pid={app.ProcessId} key={store.ApiKey}");
        await Console.In.ReadToEndAsync();
    });

    public static Task<int> RunAsync(string[] args)
    {
        var runsIndex = Array.IndexOf(args, "--runs");
        var runs = runsIndex >= 0 ? int.Parse(args[runsIndex + 1], CultureInfo.InvariantCulture) : 5;
        return WithStoreAsync("start", async (database, store) =>
        {
            for (var run = 1; run <= runs; run++)
            {
                await using var app = await SpeedApp.StartAsync(database, "http://127.0.0.1:9", store.ApiKey, Probe);
                var first = app.FirstAnswer.TotalMilliseconds;
                await Task.Delay(TimeSpan.FromSeconds(3));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: first answer {first:0} ms, RSS idle {app.RssMb():0.0} MB"));
            }
        });
    }

    /// <summary>A database in a folder of its own, prepared with the store; the folder goes when <paramref name="body"/> ends.</summary>
    private static async Task<int> WithStoreAsync(string name, Func<string, SpeedApp.Store, Task> body)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"paysessions-{name}-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var database = Path.Combine(directory, name + ".db");
            await body(database, await SpeedApp.PrepareDatabaseAsync(database, SpeedApp.RandomWallet()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }
}
