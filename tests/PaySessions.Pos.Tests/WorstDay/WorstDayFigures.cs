using System.Text.Json;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// The worst-day suite's figures. Every worst-day test adds what it tried and what went wrong as it runs; the report
/// command (`scripts/worst-day.sh`) sums them per area and figure. Lines go to the file named by
/// <c>WORSTDAY_FIGURES</c>, or to <c>worst-day-figures.jsonl</c> in the test run's directory.
/// </summary>
public static class WorstDayFigures
{
    /// <summary>The trait the suite's tests carry: <c>[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]</c>.</summary>
    public const string Trait = "Suite";

    public const string Suite = "WorstDay";

    private static readonly Lock Gate = new();

    public static string FilePath =>
        Environment.GetEnvironmentVariable("WORSTDAY_FIGURES") is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "worst-day-figures.jsonl");

    /// <summary>Adds <paramref name="value"/> to a figure of an area, e.g. ("hostile input", "requests tried", 2400).</summary>
    public static void Add(string area, string figure, long value)
    {
        var line = JsonSerializer.Serialize(new { area, figure, value, at = DateTimeOffset.UtcNow });
        lock (Gate)
        {
            File.AppendAllText(FilePath, line + Environment.NewLine);
        }
    }
}
