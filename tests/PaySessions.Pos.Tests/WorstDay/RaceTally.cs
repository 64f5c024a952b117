using System.Collections.Concurrent;
using System.Net;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// What one concurrency case found: every broken invariant is written down (not thrown at the first), so the figures
/// count them all; <see cref="Report"/> adds the case to the suite's figures and then fails the test if any broke.
/// </summary>
public sealed class RaceTally(string name)
{
    private readonly ConcurrentQueue<string> _violations = new();

    public void Check(bool holds, string violation)
    {
        if (!holds)
        {
            _violations.Enqueue(violation);
        }
    }

    /// <summary>A 5xx is never an acceptable answer to a race: the loser must be told why, as a 4xx problem.</summary>
    public void NoServerErrors(IEnumerable<HttpStatusCode> answers)
    {
        var failed = answers.Count(s => (int)s >= 500);
        Check(failed == 0, $"{failed} answer(s) were 5xx");
    }

    public void Report()
    {
        WorstDayFigures.Add("concurrency", "cases", 1);
        WorstDayFigures.Add("concurrency", "violations", _violations.Count);
        Assert.True(_violations.IsEmpty, $"{name}: {string.Join("; ", _violations)}");
    }
}
