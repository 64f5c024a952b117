using System.Text.Json;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.History;

/// <summary>
/// The history benchmark still runs end to end (seed, every query, the export in its own process, the report) in its
/// smoke size. Its figures are not judged here, except that a 10,000-row export stays far under the 300 MB budget.
/// </summary>
public sealed class HistoryBenchmarkSmokeTests
{
    [Fact]
    public async Task the_history_benchmark_runs_in_smoke_mode_and_writes_its_report()
    {
        var output = Path.Combine(Path.GetTempPath(), "paysessions-bench-smoke-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, log) = await RunAsync(BenchmarkExecutable(), "history", "--smoke", "--out", output);

            Assert.True(exitCode == 0, $"the benchmark exited {exitCode}:\n{log}");
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "history-smoke.json")));
            var queries = report.RootElement.GetProperty("queries").EnumerateArray().ToList();
            Assert.True(queries.Count >= 15, log);
            Assert.All(queries, q => Assert.True(q.GetProperty("p95").GetDouble() > 0 && q.GetProperty("rows").GetInt32() >= 0, q.ToString()));
            var export = report.RootElement.GetProperty("export");
            Assert.Equal(10_000, export.GetProperty("rows").GetInt64());
            Assert.InRange(export.GetProperty("peakRssMb").GetDouble(), 1, 300);
            Assert.Contains("| first page, newest first |", await File.ReadAllTextAsync(Path.Combine(output, "history-smoke.md")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>The benchmark built beside this test project (same configuration): the project references it for build order only.</summary>
    private static string BenchmarkExecutable()
    {
        var ours = AppContext.BaseDirectory;
        var path = Path.Combine(ours.Replace("PaySessions.Core.Tests", "PaySessions.Benchmarks", StringComparison.Ordinal), "PaySessions.Benchmarks");
        Assert.True(File.Exists(path), $"The benchmark is not built at {path}.");
        return path;
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string executable, params string[] arguments) =>
        ChildProcess.RunAsync(executable, TimeSpan.FromMinutes(3), arguments);
}
