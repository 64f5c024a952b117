using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PaySessions.Benchmarks.Speed;

/// <summary>
/// One row of the table: a figure with its unit, the target it is judged against, and for HTTP rows the ceiling measured
/// in the same run (a static file of the same app under the same connections) with the share of it reached.
/// </summary>
public sealed record SpeedRow(string Figure, double Value, string Unit, string Target, double? Ceiling = null, string Detail = "")
{
    public double? Ratio => Ceiling is > 0 ? Value / Ceiling : null;
}

/// <summary>Prints the table and writes it as markdown and JSON (bench/results/speed.md/.json, or speed-smoke.* in smoke mode).</summary>
public sealed class SpeedReport(bool smoke)
{
    private readonly List<SpeedRow> _rows = [];

    public IReadOnlyList<SpeedRow> Rows => _rows;

    public void Add(SpeedRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  {row.Figure}: {Format(row.Value)} {row.Unit}" + (row.Ratio is { } ratio ? $" ({ratio:P0} of {Format(row.Ceiling!.Value)})" : "") + (row.Detail.Length > 0 ? $" — {row.Detail}" : ""));
    }

    public async Task WriteAsync(string folder, string machine)
    {
        Directory.CreateDirectory(folder);
        var name = smoke ? "speed-smoke" : "speed";
        var markdown = Markdown(machine);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".md"), markdown);
        var json = JsonSerializer.Serialize(new
        {
            smoke,
            machine,
            ranAt = DateTime.UtcNow,
            rows = _rows.Select(r => new { figure = r.Figure, value = r.Value, unit = r.Unit, target = r.Target, ceiling = r.Ceiling, ratio = r.Ratio, detail = r.Detail }),
        }, new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".json"), json);
    }

    private string Markdown(string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Speed{(smoke ? " (smoke: tiny counts, figures mean nothing)" : "")} — {machine}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine("| figure | value | ceiling in this run | share | target | detail |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in _rows)
        {
            var ceiling = row.Ceiling is { } c ? $"{Format(c)} {row.Unit}" : "";
            var ratio = row.Ratio is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Figure} | {Format(row.Value)} {row.Unit} | {ceiling} | {ratio} | {row.Target} | {row.Detail} |");
        }

        return text.ToString();
    }

    public static string Format(double value) => value switch
    {
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("N1", CultureInfo.InvariantCulture),
        _ => value.ToString("N2", CultureInfo.InvariantCulture),
    };

    /// <summary>"2 cores, AMD EPYC …" from nproc and /proc/cpuinfo.</summary>
    public static string Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores, {model ?? "unknown CPU"}, {Environment.OSVersion}";
    }
}
