using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PaySessions.Pos.Tests.Process;

/// <summary>The POS as its own operating-system process (the built app host), so a test can kill -9 it.</summary>
public sealed partial class PosProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly System.Text.StringBuilder _output;

    private PosProcess(System.Diagnostics.Process process, string baseUrl, System.Text.StringBuilder output)
    {
        _process = process;
        BaseUrl = baseUrl;
        _output = output;
    }

    public string BaseUrl { get; }

    public static async Task<PosProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = StartInfo(environment);

        var process = System.Diagnostics.Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            Keep(output, line.Data);
            if (line.Data is { } text && Listening().Match(text) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, line) => Keep(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new PosProcess(process, url, output);
    }

    /// <summary>A client of this app with the demo store's publishable key (the settings of <see cref="DemoWithoutChain"/>).</summary>
    public HttpClient DemoClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Publishable-Key", new PaySessions.Core.Merchants.DemoOptions().PublishableKey);
        return client;
    }

    /// <summary>Waits for the app to stop by itself: its exit code and everything it wrote (both streams).</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        lock (_output)
        {
            return (_process.ExitCode, _output.ToString());
        }
    }

    private static void Keep(System.Text.StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    /// <summary>Settings for the app on <paramref name="database"/> with its demo store and no chain to watch.</summary>
    public static Dictionary<string, string> DemoWithoutChain(string database) => new()
    {
        ["Storage__DatabasePath"] = database,
        ["Demo__Enabled"] = "true",
        ["Chain__MonitorEnabled"] = "false",
        ["Networks__polygon__RpcUrls__0"] = "http://127.0.0.1:9",
        ["Demo__Wallets__polygon"] = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720",
    };

    /// <summary>The app host on a free port of 127.0.0.1, in Testing, with <paramref name="environment"/> on top.</summary>
    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(AppHostPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(AppHostPath()),
        };
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Runs the app expecting it to refuse to start: its exit code and everything it wrote, within <paramref name="within"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan within)
    {
        var start = StartInfo(environment);

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The app was still running after {within.TotalSeconds:0} s; it was expected to stop.");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crash or a pulled plug.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
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

    /// <summary>The POS app host built beside this test project, same configuration (Debug/Release).</summary>
    private static string AppHostPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var rid = testOutput.Name;
        var framework = testOutput.Parent!.Name;
        var configuration = testOutput.Parent.Parent!.Name;
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "PaySessions.Pos", "bin", configuration, framework, rid, "PaySessions.Pos");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("The PaySessions.Pos app host was not found; build the solution first.");
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
