using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace PaySessions.Benchmarks.History;

/// <summary>The figures of one run, as a markdown table for people and JSON for tools.</summary>
public sealed record HistoryReport(
    BenchOptions Options, int Sessions, int[] SessionsPerStore, double? SeedSeconds, double DatabaseMb, string SqliteVersion,
    IReadOnlyList<QueryResult> Queries, ExportResult Export)
{
    public const double TargetP95Ms = 50;

    public DateTime MeasuredAt { get; } = DateTime.UtcNow;

    public int Cores { get; } = Environment.ProcessorCount;

    public string Runtime { get; } = RuntimeInformation.FrameworkDescription;

    public string Os { get; } = RuntimeInformation.OSDescription;

    /// <summary>The machine's 1-, 5- and 15-minute load averages when the report was written: other work skews the figures.</summary>
    public string LoadAverage { get; } = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    /// <summary>Writes <paramref name="name"/>.md and .json into <paramref name="directory"/>; returns their paths.</summary>
    public IReadOnlyList<string> Write(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, name + ".md");
        var json = Path.Combine(directory, name + ".json");
        File.WriteAllText(markdown, Markdown());
        File.WriteAllText(json, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        return [markdown, json];
    }

    public string Markdown()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Session history benchmark{(Options.Smoke ? " (smoke)" : "")}");
        text.AppendLine();
        var seeded = SeedSeconds is { } seconds ? string.Format(c, "Seeded in {0:F0} s", seconds) : "A file seeded earlier (--db)";
        text.AppendLine(c, $"{Sessions:N0} sessions in 2 stores ({string.Join(" + ", SessionsPerStore.Select(s => s.ToString("N0", c)))}), 90 days; queries on the larger store through "
            + $"`SessionHistory` (EF Core, SQLite {SqliteVersion}), {Options.Iterations} runs each after {Options.Warmup} warm-up. "
            + $"{Cores} cores (load average {LoadAverage} at the end), {Runtime}, {Os}, {MeasuredAt:yyyy-MM-dd HH:mm} UTC. {seeded}; database {DatabaseMb:F0} MB.");
        text.AppendLine();
        text.AppendLine("| query | what | p50 ms | p95 ms | max ms | rows |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var q in Queries)
        {
            var mark = q.P95 <= TargetP95Ms ? "" : " ⚠";
            text.AppendLine(c, $"| {q.Name} | {q.Description} | {q.P50:F2} | {q.P95:F2}{mark} | {q.Max:F2} | {q.Rows} |");
        }

        text.AppendLine();
        text.AppendLine(c, $"CSV export of every session of both stores in one process: {Export.Rows:N0} rows, {Export.FileMb:F0} MB of CSV in {Export.Seconds:F1} s "
            + $"({Export.RowsPerSecond:N0} rows/s), peak RSS of the process {Export.PeakRssMb:F0} MB.");
        text.AppendLine();
        text.AppendLine(c, $"Target: p95 ≤ {TargetP95Ms:F0} ms per query (⚠ marks a miss); export under 300 MB.");
        return text.ToString();
    }
}
