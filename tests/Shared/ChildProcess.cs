using System.Diagnostics;

namespace PaySessions.Tests.Shared;

/// <summary>Runs a program to its end and hands back its exit code and everything it wrote (stdout, then stderr).</summary>
public static class ChildProcess
{
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it and its children were killed.</exception>
    public static async Task<(int ExitCode, string Output)> RunAsync(string executable, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
