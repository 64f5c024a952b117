using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PaySessions.Core.DevChain;

/// <summary>
/// A local anvil node on 127.0.0.1 and a free port. It dies with us: stopped by PID on dispose, and a watchdog
/// shell ends it if this process is killed outright (kill -9), so no orphan keeps a port or a state file.
/// </summary>
public sealed partial class AnvilProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DevChainStateFile? _state;
    private readonly Timer? _promoter;

    private AnvilProcess(Process process, int port, DevChainStateFile? state)
    {
        _process = process;
        Port = port;
        _state = state;
        // Anvil dumps every few seconds; each complete dump replaces the state file atomically.
        _promoter = state is null ? null : new Timer(_ => PromoteQuietly(), null, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6));
    }

    /// <summary>Why the saved state was not loaded (set aside, fresh chain), to be logged; null otherwise.</summary>
    public string? StateNotice => _state?.SetAsideNotice;

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string RpcUrl => $"http://127.0.0.1:{Port}";

    public string WebSocketUrl => $"ws://127.0.0.1:{Port}";

    /// <param name="anvilPath">The anvil binary (devchain/node_modules/.bin/anvil after <c>npm ci</c>).</param>
    /// <param name="chainId">The chain to pose as, e.g. 137 for polygon.</param>
    /// <param name="blockTime">Seconds between blocks; null mines a block per transaction only (tests mine by hand).</param>
    /// <param name="statePath">Where anvil keeps its state across restarts; null for a throwaway chain.</param>
    public static async Task<AnvilProcess> StartAsync(string anvilPath, long chainId, int? blockTime = null, string? statePath = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(anvilPath))
        {
            throw new FileNotFoundException($"anvil not found at {anvilPath}; run scripts/setup.sh (npm ci in devchain/).", anvilPath);
        }

        if (statePath is null)
        {
            return await StartAsync(anvilPath, chainId, blockTime, null, load: false, cancellationToken);
        }

        var state = new DevChainStateFile(statePath);
        var load = state.PrepareToLoad();
        try
        {
            return await StartAsync(anvilPath, chainId, blockTime, state, load, cancellationToken);
        }
        catch (InvalidOperationException ex) when (load)
        {
            // Complete JSON that anvil still refuses (another version's format): set it aside, start fresh.
            state.SetAside($"anvil refused it ({ex.Message})");
            return await StartAsync(anvilPath, chainId, blockTime, state, load: false, cancellationToken);
        }
    }

    private static async Task<AnvilProcess> StartAsync(
        string anvilPath, long chainId, int? blockTime, DevChainStateFile? state, bool load, CancellationToken cancellationToken)
    {
        var args = new List<string> { "--host", "127.0.0.1", "--port", "0", "--chain-id", chainId.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (blockTime is { } seconds)
        {
            args.AddRange(["--block-time", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        if (state is not null)
        {
            // Anvil never writes the file it loads: see DevChainStateFile.
            if (load)
            {
                args.AddRange(["--load-state", state.Path]);
            }

            args.AddRange(["--dump-state", state.DumpPath, "--state-interval", "5"]);
        }

        // The shell starts anvil, then polls for our PID; when we are gone it stops anvil.
        var watchdog = $"\"$0\" \"$@\" & child=$!; trap 'kill $child 2>/dev/null; exit 0' TERM INT; " +
                       $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; kill $child 2>/dev/null; wait $child";
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(watchdog);
        start.ArgumentList.Add(anvilPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start anvil.");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        // anvil logs every call; keep draining both pipes or it blocks once they fill.
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && ListeningLine().Match(text) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        };
        var lastError = "";
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text)
            {
                lastError = text;
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"anvil exited with code {process.ExitCode} before listening{(lastError.Length > 0 ? ": " + lastError : "")}."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var port = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return new AnvilProcess(process, port, state);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_promoter is not null)
        {
            await _promoter.DisposeAsync();
        }

        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM through the watchdog lets anvil write its state file; then make sure.
                using (Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                {
                }

                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            _process.Dispose();
            // The dump anvil wrote on its way out becomes the state the next start loads.
            PromoteQuietly();
        }
    }

    private void PromoteQuietly()
    {
        try
        {
            _state?.Promote();
        }
        catch (IOException)
        {
            // The state file is a convenience: the next interval (or the next start) tries again.
        }
    }

    [GeneratedRegex(@"Listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
