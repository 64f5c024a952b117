using System.Text.Json;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Speed;

/// <summary>
/// The speed runner (scripts/bench.sh) still runs end to end in its smoke size: the app host in its own process, the
/// Node load generators, the hub fan-out, the chain benchmark, the report. Its figures are not judged here, only that
/// every row of the table is there with a number.
/// </summary>
public sealed class SpeedBenchmarkSmokeTests
{
    private static readonly string[] Rows =
    [
        "GET /session/{id}", "GET /session/{id} p99", "POST /session", "POST /session p99",
        "POST /session/{id}/transaction at", "open payments of one price to one wallet", "hub fan-out to", "RSS idle", "RSS after",
        "RSS during CSV export", "start to first answer, fresh schema", "start to first answer, existing database",
        "detection latency, head subscription, p99", "detection latency, polling", "RPC calls per scanned block", "history query p95",
    ];

    [Fact]
    public async Task the_speed_runner_runs_in_smoke_mode_and_reports_every_row_with_a_number()
    {
        var output = Path.Combine(Path.GetTempPath(), "paysessions-speed-smoke-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, log) = await RunAsync(BenchmarkExecutable(), "speed", "--smoke", "--out", output);

            Assert.True(exitCode == 0, $"the runner exited {exitCode}:\n{log}");
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "speed-smoke.json")));
            var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToList();
            foreach (var expected in Rows)
            {
                var row = rows.FirstOrDefault(r => r.GetProperty("figure").GetString()!.StartsWith(expected, StringComparison.Ordinal));
                Assert.True(row.ValueKind == JsonValueKind.Object, $"no row \"{expected}\":\n{log}");
                Assert.True(row.GetProperty("value").ValueKind == JsonValueKind.Number && row.GetProperty("value").GetDouble() > 0, row.ToString());
            }

            Assert.Equal(3, rows.Count(r => r.GetProperty("figure").GetString()!.StartsWith("POST /session/{id}/transaction at", StringComparison.Ordinal)));
            // The fan-out with the clients in one process per core, and in one process.
            Assert.Equal(Environment.ProcessorCount > 1 ? 2 : 1, rows.Count(r => r.GetProperty("figure").GetString()!.StartsWith("hub fan-out to", StringComparison.Ordinal)));
            Assert.All(rows.Where(r => r.GetProperty("figure").GetString()!.EndsWith("/session/{id}", StringComparison.Ordinal) || r.GetProperty("figure").GetString() == "POST /session"),
                r => Assert.True(r.GetProperty("ceiling").GetDouble() > 0, r.ToString()));
            Assert.Contains("| GET /session/{id} |", await File.ReadAllTextAsync(Path.Combine(output, "speed-smoke.md")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>The runner built beside this test project (same configuration): the project references it for build order only.</summary>
    private static string BenchmarkExecutable()
    {
        var path = Path.Combine(AppContext.BaseDirectory.Replace("PaySessions.Pos.Tests", "PaySessions.Benchmarks", StringComparison.Ordinal), "PaySessions.Benchmarks");
        Assert.True(File.Exists(path), $"The benchmark is not built at {path}.");
        return path;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string executable, params string[] arguments) =>
        ChildProcess.RunAsync(executable, TimeSpan.FromMinutes(4), arguments);
}
