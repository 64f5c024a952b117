using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.History;

/// <summary>One page of the history: <see cref="Limit"/> rows after <see cref="Cursor"/> (the previous page's <c>NextCursor</c>).</summary>
public sealed record HistoryQuery(HistoryFilter Filter)
{
    public int Limit { get; init; } = SessionHistory.DefaultLimit;

    public string? Cursor { get; init; }

    /// <summary>Oldest first instead of newest first.</summary>
    public bool OldestFirst { get; init; }

    /// <summary>
    /// Rows to pass over before the page (a grid jumping ahead a few pages). Keyset paging with <see cref="Cursor"/> costs
    /// the same on every page; skipping walks the rows it skips, so it is capped at <see cref="SessionHistory.MaxSkip"/>.
    /// </summary>
    public int Skip { get; init; }
}

/// <summary>A session of either kind (checkout sale or voucher payment) with its current transaction, if it has one.</summary>
public sealed record HistoryRow(PaySession Session, Payment? Transaction);

public sealed record HistoryPage(IReadOnlyList<HistoryRow> Rows, string? NextCursor);

/// <summary>How many sessions match, counted up to a cap: <see cref="AtLeast"/> when there are more than <see cref="Count"/>.</summary>
public readonly record struct HistoryCount(int Count, bool AtLeast);

/// <summary>
/// The store's session history: checkout and voucher sessions in one list, filtered, newest (or oldest) first, paged by a
/// keyset cursor so page 20,000 costs what page 1 does. Always scoped to one store. Reads only; nothing here changes a session.
/// <para>
/// For a Radzen <c>DataGrid</c> with <c>LoadData</c>: sort by creation time only (<see cref="HistoryQuery.OldestFirst"/>);
/// page size is <see cref="HistoryQuery.Limit"/>; for the next page pass the previous page's <c>NextCursor</c> (remember one
/// cursor per visited page for "previous"), and for a jump of a few pages <see cref="HistoryQuery.Skip"/> (up to
/// <see cref="MaxSkip"/> rows). The grid's total is <see cref="CountAsync"/>: exact up to <see cref="CountCap"/>, beyond that
/// "10,000+" (<see cref="HistoryCount.AtLeast"/>); count once per filter change, not per page.
/// </para>
/// </summary>
public sealed class SessionHistory(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time)
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 200;

    public const int MaxSkip = 10_000;

    /// <summary>Counting stops here: an exact count of a million rows is a scan, "10,000+" is not.</summary>
    public const int CountCap = 10_000;

    public async Task<Result<HistoryPage>> PageAsync(Guid merchantId, HistoryQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Limit is < 1 or > MaxLimit)
        {
            return PayError.Validation("limit", $"limit is between 1 and {MaxLimit}.");
        }

        if (query.Skip is < 0 or > MaxSkip)
        {
            return PayError.Validation("skip", $"skip is between 0 and {MaxSkip}; page further with the cursor.");
        }

        if (query.Filter.Check() is { } invalid)
        {
            return invalid;
        }

        HistoryCursor? after = null;
        if (!string.IsNullOrEmpty(query.Cursor))
        {
            after = HistoryCursor.Decode(query.Cursor);
            if (after is null)
            {
                return PayError.Validation("cursor", "cursor is not one this API gave out: pass the nextCursor of the previous page unchanged.");
            }

            if (after.OldestFirst != query.OldestFirst || after.FilterHash != HistoryCursor.Hash(query.Filter, query.OldestFirst))
            {
                return PayError.Validation("cursor", "cursor belongs to a query with other filters or another order: start again without it.");
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (await RowsAsync(db, merchantId, query.Filter, after, query.OldestFirst, cancellationToken))
            .Skip(query.Skip)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit
            ? new HistoryCursor(query.OldestFirst, page[^1].Session.CreatedAt, page[^1].Session.Id, HistoryCursor.Hash(query.Filter, query.OldestFirst)).Encode()
            : null;
        return new HistoryPage(page, next);
    }

    /// <summary>How many sessions match, exactly up to <see cref="CountCap"/> (a grid shows "10,000+" beyond).</summary>
    public async Task<Result<HistoryCount>> CountAsync(Guid merchantId, HistoryFilter filter, CancellationToken cancellationToken = default)
    {
        if (filter.Check() is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sql = await SqlAsync(db, merchantId, filter, after: null, cancellationToken);
        var count = (await db.Database.SqlQueryRaw<int>(sql.CountSql(CountCap), sql.Parameters).ToListAsync(cancellationToken)).Single();
        return new HistoryCount(Math.Min(count, CountCap), count > CountCap);
    }

    /// <summary>
    /// Every matching session, newest first, read as the caller consumes it: no tracking, no buffering, one row in memory
    /// at a time whatever the count. Throws <see cref="ArgumentException"/> for a filter <see cref="HistoryFilter.Check"/> refuses.
    /// </summary>
    public async IAsyncEnumerable<HistoryRow> ExportAsync(Guid merchantId, HistoryFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (filter.Check() is { } invalid)
        {
            throw new ArgumentException(invalid.Message, nameof(filter));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await RowsAsync(db, merchantId, filter, after: null, oldestFirst: false, cancellationToken);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    private async Task<HistorySql> SqlAsync(PayDbContext db, Guid merchantId, HistoryFilter filter, HistoryCursor? after, CancellationToken cancellationToken)
    {
        var text = filter.Text is { } q ? HistoryText.Parse(q).Value : null;
        var driver = await HistoryPlan.ChooseAsync(db, merchantId, filter, text, cancellationToken);
        return HistorySql.For(merchantId, filter, text, after, time.GetUtcNow().UtcDateTime, driver);
    }

    private async Task<IQueryable<HistoryRow>> RowsAsync(
        PayDbContext db, Guid merchantId, HistoryFilter filter, HistoryCursor? after, bool oldestFirst, CancellationToken cancellationToken)
    {
        var sql = await SqlAsync(db, merchantId, filter, after, cancellationToken);
        var joined = from s in db.Sessions.FromSqlRaw(sql.Sql, sql.Parameters).AsNoTracking()
                     join p in db.Payments.AsNoTracking() on s.TransactionId equals (Guid?)p.Id into current
                     from p in current.DefaultIfEmpty()
                     select new { Session = s, Transaction = p };
        var ordered = oldestFirst
            ? joined.OrderBy(r => r.Session.CreatedAt).ThenBy(r => r.Session.Id)
            : joined.OrderByDescending(r => r.Session.CreatedAt).ThenByDescending(r => r.Session.Id);
        return ordered.Select(r => new HistoryRow(r.Session, r.Transaction));
    }
}
