using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PaySessions.Core.Payments;
using static PaySessions.Core.History.SessionHistoryModel;

namespace PaySessions.Core.History;

/// <summary>
/// The SQL of a history query: the store's sessions matching the filter, through the index <see cref="HistoryPlan"/>
/// chose (SQLite's <c>INDEXED BY</c>). Values are always parameters, written the way EF Core stores them (ids as
/// upper-case text, times as sortable text), so comparisons in SQL agree with the model.
/// </summary>
internal sealed partial class HistorySql
{
    private readonly StringBuilder _where = new();
    private readonly List<SqliteParameter> _parameters = [];
    private string _source = "";

    private HistorySql()
    {
    }

    /// <summary>The matching rows of Sessions (every column), unordered: EF Core orders, pages and joins on top of it.</summary>
    public string Sql => $"SELECT * FROM \"Sessions\"{_source} WHERE {_where}";

    public SqliteParameter[] Parameters => [.. _parameters];

    /// <summary>How many rows match, counting no further than <paramref name="cap"/> + 1.</summary>
    public string CountSql(int cap) => $"SELECT count(*) AS \"Value\" FROM (SELECT 1 FROM \"Sessions\"{_source} WHERE {_where} LIMIT {cap + 1})";

    public static HistorySql For(Guid merchantId, HistoryFilter filter, HistoryText? text, HistoryCursor? after, DateTime now, HistoryDriver driver)
    {
        var sql = new HistorySql { _source = Source(driver) };
        // Driving from a set of matches: the store is checked on each match, not used to pick an index.
        sql.And(driver == HistoryDriver.Matches ? "+\"MerchantId\" = {0}" : "\"MerchantId\" = {0}", Id(merchantId));
        if (filter.Status is { } status)
        {
            sql.Status(status, now);
        }

        if (filter.ExceptionStatus is { } exception)
        {
            // The exception index holds only rows with an exception; SQLite uses it only when the query says so itself.
            sql.And(exception == PaymentException.None ? "\"ExceptionStatus\" = {0}" : "\"ExceptionStatus\" <> 0 AND \"ExceptionStatus\" = {0}", (int)exception);
        }

        sql.AndIf(filter.From, "\"CreatedAt\" >= {0}", t => Time(t));
        sql.AndIf(filter.To, "\"CreatedAt\" < {0}", t => Time(t));
        sql.AndIf(filter.Asset, "\"Asset\" = {0}", a => a.Trim().ToUpperInvariant());
        sql.AndIf(filter.Network, "\"Network\" = {0}", n => n.Trim().ToLowerInvariant());
        sql.AndIf(filter.MinAmount, $"\"{AmountValue}\" >= {{0}}", a => (double)a);
        sql.AndIf(filter.MaxAmount, $"\"{AmountValue}\" <= {{0}}", a => (double)a);
        sql.AndIf(filter.CashierId, "\"CashierId\" = {0}", c => Id(c));
        sql.AndIf(filter.Kind, "\"Kind\" = {0}", k => (int)k);
        if (text is not null)
        {
            sql.Text(text, merchantId, driver);
        }

        if (after is not null)
        {
            // Beyond the cursor's (CreatedAt, Id), written so that the CreatedAt bound alone narrows the index range.
            var (bound, beyond) = after.OldestFirst ? (">=", ">") : ("<=", "<");
            sql.And($"\"CreatedAt\" {bound} {{0}} AND (\"CreatedAt\" {beyond} {{0}} OR \"Id\" {beyond} {{1}})", Time(after.CreatedAt), Id(after.Id));
        }

        return sql;
    }

    /// <summary>How many of the store's sessions the search table matches, counting no further than <see cref="HistoryPlan.SmallSet"/> + 1.</summary>
    public static (string Sql, SqliteParameter[] Parameters) SearchProbe(Guid merchantId, string fragment) => (
        // CROSS JOIN keeps the search table outside: SQLite would otherwise walk the store's sessions and search once per row.
        $"SELECT count(*) AS \"Value\" FROM (SELECT 1 FROM \"{SearchTable}\" AS f CROSS JOIN \"Sessions\" AS s ON s.rowid = f.rowid "
            + $"WHERE \"{SearchTable}\" MATCH $q AND s.\"MerchantId\" = $m LIMIT {HistoryPlan.SmallSet + 1})",
        [new SqliteParameter("$q", Phrase(fragment)), new SqliteParameter("$m", Id(merchantId))]);

    /// <summary>How many of the store's sessions are in the amount range, counting no further than <see cref="HistoryPlan.SmallSet"/> + 1.</summary>
    public static (string Sql, SqliteParameter[] Parameters) AmountProbe(Guid merchantId, decimal? min, decimal? max) => (
        $"SELECT count(*) AS \"Value\" FROM (SELECT 1 FROM \"Sessions\" INDEXED BY \"{AmountIndex}\" WHERE \"MerchantId\" = $m "
            + $"AND \"{AmountValue}\" >= $min AND \"{AmountValue}\" <= $max LIMIT {HistoryPlan.SmallSet + 1})",
        [new SqliteParameter("$m", Id(merchantId)), new SqliteParameter("$min", (double?)min ?? double.MinValue), new SqliteParameter("$max", (double?)max ?? double.MaxValue)]);

    /// <summary>EF Core's text form of a Guid on SQLite.</summary>
    internal static string Id(Guid id) => id.ToString("D").ToUpperInvariant();

    /// <summary>EF Core's text form of a DateTime on SQLite; it sorts as the time does.</summary>
    internal static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static string Source(HistoryDriver driver) => driver switch
    {
        HistoryDriver.Time => $" INDEXED BY \"{TimeIndex}\"",
        HistoryDriver.Status => $" INDEXED BY \"{StatusIndex}\"",
        HistoryDriver.Exception => $" INDEXED BY \"{ExceptionIndex}\"",
        HistoryDriver.Asset => $" INDEXED BY \"{AssetIndex}\"",
        HistoryDriver.Cashier => $" INDEXED BY \"{CashierIndex}\"",
        HistoryDriver.Amount => $" INDEXED BY \"{AmountIndex}\"",
        _ => "",
    };

    /// <summary>The fragment as one FTS5 phrase: the trigram index finds it anywhere in reference or descriptor, in any case.</summary>
    private static string Phrase(string fragment) => "\"" + fragment.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void Status(PaymentStatus status, DateTime now)
    {
        // A pending session past its expiry reads as expired (PaySession.StatusAt) until the sweeper stores it, seconds later.
        switch (status)
        {
            case PaymentStatus.Pending:
                And("\"Status\" = 0 AND \"ExpiresAt\" > {0}", Time(now));
                break;
            case PaymentStatus.Expired:
                And("(\"Status\" = 5 OR (\"Status\" = 0 AND \"ExpiresAt\" <= {0}))", Time(now));
                break;
            default:
                And("\"Status\" = {0}", (int)status);
                break;
        }
    }

    private void Text(HistoryText text, Guid merchantId, HistoryDriver driver)
    {
        switch (text.Kind)
        {
            case HistoryTextKind.SessionId:
                And("\"Id\" = {0}", text.Value);
                break;
            case HistoryTextKind.HexPrefix:
                // Hex digits sort below 'g', so [prefix, prefix + 'g') is every value that starts with the prefix.
                And($"rowid IN (SELECT rowid FROM \"Sessions\" INDEXED BY \"{TxHashIndex}\" WHERE \"MerchantId\" = {{0}} AND \"TxHash\" >= {{1}} AND \"TxHash\" < {{2}} "
                    + $"UNION ALL SELECT rowid FROM \"Sessions\" INDEXED BY \"{PayerIndex}\" WHERE \"MerchantId\" = {{0}} AND \"Payer\" >= {{1}} AND \"Payer\" < {{2}})",
                    Id(merchantId), text.Value, text.Value + "g");
                break;
            case HistoryTextKind.Fragment when driver == HistoryDriver.Matches:
                And($"rowid IN (SELECT rowid FROM \"{SearchTable}\" WHERE \"{SearchTable}\" MATCH {{0}})", Phrase(text.Value));
                break;
            default:
                // Thousands of matches: they are dense, so the walk meets 50 within a few thousand rows and checks each directly,
                // cheaper than loading every match from the search table. Same substring rule (LIKE folds ASCII case only).
                And("(\"ReferenceNumber\" LIKE {0} ESCAPE '\\' OR \"Descriptor\" LIKE {0} ESCAPE '\\')", "%" + LikeEscape().Replace(text.Value, @"\$0") + "%");
                break;
        }
    }

    private void AndIf<T>(T? value, string condition, Func<T, object> parameter)
        where T : struct
    {
        if (value is { } present)
        {
            And(condition, parameter(present));
        }
    }

    private void AndIf(string? value, string condition, Func<string, object> parameter)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            And(condition, parameter(value));
        }
    }

    private void And(string condition, params object[] values)
    {
        var names = values.Select(value =>
        {
            var name = "$h" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
            _parameters.Add(new SqliteParameter(name, value));
            return (object)name;
        }).ToArray();
        if (_where.Length > 0)
        {
            _where.Append(" AND ");
        }

        _where.Append(string.Format(CultureInfo.InvariantCulture, condition, names));
    }

    [GeneratedRegex(@"[\\%_]")]
    private static partial Regex LikeEscape();
}
