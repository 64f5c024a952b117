namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>Counts each security check into the worst-day figures, then fails the test with every check that did not hold.</summary>
public sealed class SecurityCheck
{
    private readonly List<string> _failed = [];
    private int _passed;

    public void That(bool holds, string check)
    {
        if (holds)
        {
            _passed++;
        }
        else
        {
            _failed.Add(check);
        }
    }

    public void Report()
    {
        WorstDayFigures.Add("security", "checks passed", _passed);
        WorstDayFigures.Add("security", "checks failed", _failed.Count);
        Assert.True(_failed.Count == 0, $"{_failed.Count} security checks failed:\n" + string.Join("\n", _failed.Take(40)));
    }
}
