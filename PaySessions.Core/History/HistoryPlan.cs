using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.History;

/// <summary>Where a history query starts: an index walked in creation order, or a small set of matches sorted afterwards.</summary>
internal enum HistoryDriver
{
    /// <summary>The store's sessions by time; every other criterion is checked row by row.</summary>
    Time,
    Status,
    Exception,
    Asset,
    Cashier,

    /// <summary>The few sessions in an amount range, found by the amount index, then sorted.</summary>
    Amount,

    /// <summary>The few sessions the free text matches (search table, hash or payer index), then sorted.</summary>
    Matches,

    /// <summary>One session by its id: SQLite's own choice (the primary key).</summary>
    SessionId,
}

/// <summary>
/// Picks the index a history query walks. SQLite's planner, without statistics, prefers the index that already yields
/// the requested order, and walks the store's whole time index for a filter that matches a few hundred rows (half a
/// second at a million). So: a free-text or amount criterion that matches few rows (counted with a bounded probe, under
/// a millisecond) drives the query from those rows; otherwise the most selective equality index that also yields time
/// order; otherwise the time index. Measured with <c>PaySessions.Benchmarks history</c>.
/// </summary>
internal static class HistoryPlan
{
    /// <summary>Up to this many matches are cheaper to fetch and sort than to find by walking the time index.</summary>
    public const int SmallSet = 2_000;

    public static async Task<HistoryDriver> ChooseAsync(PayDbContext db, Guid merchantId, HistoryFilter filter, HistoryText? text, CancellationToken cancellationToken)
    {
        switch (text?.Kind)
        {
            case HistoryTextKind.SessionId:
                return HistoryDriver.SessionId;
            case HistoryTextKind.HexPrefix:
                // At least 8 hex digits: a handful of rows at most, from two small indexes.
                return HistoryDriver.Matches;
            case HistoryTextKind.Fragment when await CountAsync(db, HistorySql.SearchProbe(merchantId, text.Value), cancellationToken) <= SmallSet:
                return HistoryDriver.Matches;
        }

        if ((filter.MinAmount is not null || filter.MaxAmount is not null)
            && await CountAsync(db, HistorySql.AmountProbe(merchantId, filter.MinAmount, filter.MaxAmount), cancellationToken) <= SmallSet)
        {
            return HistoryDriver.Amount;
        }

        return filter switch
        {
            { ExceptionStatus: { } exception } when exception != PaymentException.None => HistoryDriver.Exception,
            { CashierId: not null } => HistoryDriver.Cashier,
            { Status: PaymentStatus.Pending or PaymentStatus.Processing or PaymentStatus.Canceled } => HistoryDriver.Status,
            { Asset: { Length: > 0 } } => HistoryDriver.Asset,
            { Status: PaymentStatus.Succeeded } => HistoryDriver.Status,
            _ => HistoryDriver.Time,
        };
    }

    private static async Task<int> CountAsync(PayDbContext db, (string Sql, SqliteParameter[] Parameters) probe, CancellationToken cancellationToken) =>
        (await db.Database.SqlQueryRaw<int>(probe.Sql, probe.Parameters).ToListAsync(cancellationToken)).Single();
}
