using System.Diagnostics;
using System.Text;

namespace PaySessions.Pos.Tests.Support;

/// <summary>
/// One of our Node tools (<c>tests/js/*.mjs</c>) running as a child process: each line it prints goes to a callback,
/// what it writes to stderr is kept for failure messages, and closing its stdin asks it to stop.
/// </summary>
internal sealed class NodeProcess
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _errors = new();

    private NodeProcess(System.Diagnostics.Process process, Action<string> onLine)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        Exited = ReadUntilExitAsync(onLine);
    }

    /// <summary>The exit code, once every line printed before the exit has gone to the callback.</summary>
    public Task<int> Exited { get; }

    /// <summary>What the tool wrote to stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts <c>node tests/js/{script} {arguments}</c>; a missing node or <c>npm ci</c> fails here or at the import.</summary>
    public static NodeProcess Start(string script, IEnumerable<string> arguments, Action<string> onLine)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath(script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeProcess(System.Diagnostics.Process.Start(start)!, onLine);
    }

    /// <summary>Closes the tool's stdin, which our tools take as "stop"; kills it if it has not exited within the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            _process.StandardInput.Close();
            await Exited.WaitAsync(grace);
            _process.Dispose();
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            await KillAsync();
        }
    }

    /// <summary>Kills this process (only the one we started) and waits until it is gone and its output read.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        await Exited;
        _process.Dispose();
    }

    private async Task<int> ReadUntilExitAsync(Action<string> onLine)
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            onLine(line);
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private static string ScriptPath(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaySessions.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "js", script);
            }
        }

        throw new DirectoryNotFoundException("PaySessions.sln was not found above the test's output directory.");
    }
}
