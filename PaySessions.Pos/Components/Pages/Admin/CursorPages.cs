namespace PaySessions.Pos.Components.Pages.Admin;

/// <summary>
/// Radzen's pager counts pages; the delivery log pages with a cursor ("older than this row") and never says how
/// many rows there are. This remembers the cursor that starts each page reached so far, so going back shows the same
/// rows, and reports a <see cref="Count"/> that lets the pager offer exactly one page past the last one read while
/// more exist. Pure: no I/O, one instance per grid.
/// </summary>
public sealed class CursorPages(int pageSize)
{
    // _starts[i] is the cursor page i is read with; page 0 starts at the newest row.
    private readonly List<string?> _starts = [null];

    // Rows on the final page once it has been read; null while a page after the last one read may hold more.
    private int? _lastPageRows;

    public int PageSize => pageSize;

    /// <summary>What the grid's pager should believe the total is.</summary>
    public int Count => ((_starts.Count - 1) * pageSize) + (_lastPageRows ?? 1);

    /// <summary>The page the grid asks for (by its <c>Skip</c>), held to the pages reached so far, and its cursor.</summary>
    public (int Index, string? Cursor) Page(int skip)
    {
        var index = Math.Clamp(skip / pageSize, 0, _starts.Count - 1);
        return (index, _starts[index]);
    }

    /// <summary>Records what reading page <paramref name="index"/> returned.</summary>
    public void Read(int index, int rows, string? nextCursor)
    {
        if (nextCursor is null)
        {
            // This page is the end: forget pages beyond it (a filter may have emptied them).
            _starts.RemoveRange(index + 1, _starts.Count - index - 1);
            _lastPageRows = rows;
            return;
        }

        if (index + 1 < _starts.Count)
        {
            _starts[index + 1] = nextCursor;
            return;
        }

        _starts.Add(nextCursor);
        _lastPageRows = null;
    }

    /// <summary>Back to page 0 with nothing known, e.g. when the endpoint or the status filter changes.</summary>
    public void Reset()
    {
        _starts.RemoveRange(1, _starts.Count - 1);
        _lastPageRows = null;
    }
}
