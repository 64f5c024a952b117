using System.Diagnostics;
using System.Text.Json;

namespace PaySessions.Benchmarks.Speed;

/// <summary>What one autocannon run measured (latencies in ms).</summary>
public sealed record HttpLoad(long Requests, double Seconds, double Rps, double P50, double P99, double Max, long Non2xx, long Errors);

/// <summary>One update fanned out to the hub's subscribers (ms from the change being asked for).</summary>
public sealed record HubFanout(int Clients, int Processes, int Delivered, double? P50, double? P99, double? Max, double ConnectSeconds);

/// <summary>
/// Runs the load generators of bench/js in their own Node process, so the load does not share the app's runtime:
/// HTTP with autocannon, the live hub with the @microsoft/signalr client.
/// </summary>
public static class NodeLoad
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<HttpLoad> HttpAsync(
        string url, int connections, double? seconds = null, int? amount = null, string method = "GET",
        IReadOnlyDictionary<string, string>? headers = null, string? body = null, IEnumerable<string>? paths = null, bool allowRefusals = false)
    {
        var spec = Path.GetTempFileName();
        var pathFile = paths is null ? null : Path.GetTempFileName();
        try
        {
            if (pathFile is not null)
            {
                await File.WriteAllLinesAsync(pathFile, paths!);
            }

            await File.WriteAllTextAsync(spec, JsonSerializer.Serialize(new { url, method, headers, body, connections, seconds, amount, paths = pathFile }, Json));
            var result = JsonSerializer.Deserialize<HttpLoad>(await RunAsync("http-load.mjs", spec), Json)!;
            if (result.Errors > 0 || (result.Non2xx > 0 && !allowRefusals))
            {
                throw new InvalidOperationException($"{method} {url}: {result.Non2xx} answers were not 2xx and {result.Errors} failed.");
            }

            return result;
        }
        finally
        {
            File.Delete(spec);
            if (pathFile is not null)
            {
                File.Delete(pathFile);
            }
        }
    }

    /// <param name="processes">How many Node processes the clients are spread over.</param>
    public static async Task<HubFanout> HubAsync(string baseUrl, string apiKey, Guid sessionId, int clients, int processes) =>
        JsonSerializer.Deserialize<HubFanout>(await RunAsync("hub-fanout.mjs", baseUrl, apiKey, sessionId.ToString(),
            clients.ToString(System.Globalization.CultureInfo.InvariantCulture), processes.ToString(System.Globalization.CultureInfo.InvariantCulture)), Json)!;

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var folder = Path.Combine(SpeedApp.RepositoryRoot(), "bench", "js");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException($"node {script} exited {process.ExitCode}: {await error}");
        }

        return lines[^1];
    }
}
