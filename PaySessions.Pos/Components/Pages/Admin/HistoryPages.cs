using PaySessions.Core.History;

namespace PaySessions.Pos.Components.Pages.Admin;

/// <summary>
/// The sales grid's pages over <see cref="SessionHistory"/>: remembers the cursor that starts each page read so far, so
/// "previous" shows the same rows, and reaches a page further ahead with the nearest earlier cursor plus a skip (the
/// history allows up to <see cref="SessionHistory.MaxSkip"/> rows). Pure: no I/O, one instance per grid.
/// </summary>
public sealed class HistoryPages(int pageSize)
{
    private readonly SortedDictionary<int, string?> _starts = new() { [0] = null };

    public int PageSize => pageSize;

    /// <summary>What the pager should believe the total is: the counted total, or one page more while the last read one has a next.</summary>
    public int Count(HistoryCount counted) => Math.Max(counted.Count, (_starts.Keys.Max() * pageSize) + (counted.AtLeast ? 1 : 0));

    /// <summary>The page the grid asks for (by its <c>Skip</c>): its index, the nearest cursor at or before it, and the rows to skip from there.</summary>
    public (int Index, string? Cursor, int Skip) Page(int skip)
    {
        var index = skip / pageSize;
        var known = _starts.Keys.Where(k => k <= index).Max();
        return (index, _starts[known], Math.Min((index - known) * pageSize, SessionHistory.MaxSkip));
    }

    /// <summary>Records where the page after <paramref name="index"/> starts.</summary>
    public void Read(int index, string? nextCursor)
    {
        if (nextCursor is not null)
        {
            _starts[index + 1] = nextCursor;
        }
    }

    /// <summary>Back to page 0 with nothing known: the filter changed.</summary>
    public void Reset()
    {
        _starts.Clear();
        _starts[0] = null;
    }
}
