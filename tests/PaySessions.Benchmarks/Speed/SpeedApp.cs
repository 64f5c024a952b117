using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaySessions.Core;
using PaySessions.Core.Merchants;

namespace PaySessions.Benchmarks.Speed;

/// <summary>
/// The POS as an operator runs it: the built app host in its own process, Release, Production, on a SQLite file the
/// benchmark prepared (schema, one store with a polygon wallet and a secret key), a local anvil node as its only RPC.
/// </summary>
public sealed partial class SpeedApp : IAsyncDisposable
{
    private readonly Process _process;

    private SpeedApp(Process process, string baseUrl, TimeSpan firstAnswer)
    {
        _process = process;
        BaseUrl = baseUrl;
        FirstAnswer = firstAnswer;
    }

    public string BaseUrl { get; }

    /// <summary>From starting the process to the first answer of an API read (a session by id).</summary>
    public TimeSpan FirstAnswer { get; }

    public int ProcessId => _process.Id;

    /// <summary>Resident memory of the app process now, in MB (VmRSS).</summary>
    public double RssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException("VmRSS not found.");
    }

    /// <summary>The store the benchmark sells for: its secret key and the id of one session to read.</summary>
    public sealed record Store(string ApiKey, Guid MerchantId);

    /// <summary>A fresh random address for the store's wallet: nothing on the chain pays it by accident.</summary>
    public static string RandomWallet() => "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    /// <summary>Migrates the file and creates the store with the real start-up path of the core, outside the app process.</summary>
    public static async Task<Store> PrepareDatabaseAsync(string databasePath, string wallet)
    {
        var configuration = Configuration(databasePath, rpcUrl: "http://127.0.0.1:9");
        await using var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(configuration)
            .AddPaySessionsCore(configuration)
            .BuildServiceProvider();
        await services.PreparePaySessionsAsync();
        var (merchant, keys) = await services.GetRequiredService<MerchantRegistry>().CreateAsync("Speed bench", [new WalletSpec("polygon", wallet, ["USDC"])]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new Store(keys.ApiKey, merchant.Id);
    }

    private static IConfiguration Configuration(string databasePath, string rpcUrl) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepositoryRoot(), "appsettings.json"))
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = databasePath,
            ["Networks:polygon:RpcUrls:0"] = rpcUrl,
        })
        .Build();

    /// <summary>
    /// Starts the app host (<paramref name="appHost"/>, or the one <see cref="AppHostPath"/> names) and waits for its first
    /// answer to <paramref name="probePath"/> (with the key).
    /// </summary>
    public static async Task<SpeedApp> StartAsync(string databasePath, string rpcUrl, string apiKey, string probePath, string? appHost = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var host = appHost ?? AppHostPath();
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(host),
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DatabasePath"] = databasePath,
            ["Networks__polygon__RpcUrls__0"] = rpcUrl,
            ["Pos__PublicBaseUrl"] = "https://pos.example",
            // The load comes from one address and one key: lift the per-client allowances so they are not what is measured.
            ["Pos__ApiPermitsPerMinute"] = "1000000",
            ["Pos__AddressPermitsPerMinute"] = "1000000",
            ["Setup__OwnerEmail"] = "owner@bench.local",
            ["Setup__OwnerPassword"] = "counter-rush-hour-7713",
            ["Setup__StoreName"] = "Speed bench owner",
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // The app listens while it prepares its database and holds requests until then (up to Pos:StartingHold, 15 s,
        // then 503 starting): on a busy machine the first answer can take longer than a usual request timeout.
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var started = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) { log.Enqueue(text); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { log.Enqueue(text); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Whatever ends the wait without an answer (no answer in time, the runner's own failure) ends the app too: it
        // must not outlive the runner.
        try
        {
            while (true)
            {
                try
                {
                    using var answer = await client.GetAsync(probePath);
                    if (answer.IsSuccessStatusCode)
                    {
                        return new SpeedApp(process, baseUrl, started.Elapsed);
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException)
                {
                    // held for longer than the client waits: ask again (or, should the app have exited, say so below)
                }

                if (process.HasExited || started.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException("The app did not answer:\n" + string.Join('\n', log));
                }

                await Task.Delay(5);
            }
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The repository's top folder (where PaySessions.sln is), found from this program's folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaySessions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("PaySessions.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The app host built in the same configuration as this program (Release under scripts/bench.sh), or the one named
    /// by <c>BENCH_APP_HOST</c> (a published folder's <c>PaySessions.Pos</c>, as <c>scripts/publish.sh</c> makes it).
    /// </summary>
    private static string AppHostPath()
    {
        if (Environment.GetEnvironmentVariable("BENCH_APP_HOST") is { Length: > 0 } named)
        {
            return File.Exists(named) ? named : throw new FileNotFoundException("BENCH_APP_HOST names no file: " + named);
        }

        var match = OutputFolder().Match(AppContext.BaseDirectory);
        var (configuration, framework, rid) = match.Success ? (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value) : ("Release", "net9.0", "linux-x64");
        var path = Path.Combine(RepositoryRoot(), "PaySessions.Pos", "bin", configuration, framework, rid, "PaySessions.Pos");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the app first: " + path);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"bin/([^/]+)/([^/]+)/([^/]+)/?$")]
    private static partial Regex OutputFolder();
}
