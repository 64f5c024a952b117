using System.Globalization;
using System.Numerics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>
/// Which of some amounts an open, amount-matched payment to one wallet and token already asks: one look-up in the unique
/// index <c>IX_Payments_HeldAmount</c>, whatever the number of open payments. Written in SQL so its WHERE clause repeats
/// the index's filter word for word (<c>"HoldsAmount" = 1 AND "MatchByAmount" = 1</c>): SQLite uses a partial index only
/// for a query whose terms imply its filter, and LINQ's <c>p.HoldsAmount</c> (a bare column) does not.
/// </summary>
public static class HeldAmounts
{
    public static async Task<IReadOnlySet<BigInteger>> AmongAsync(
        PayDbContext db, string network, string token, string recipient, IReadOnlyList<BigInteger> amounts, CancellationToken cancellationToken)
    {
        var parameters = new List<object>
        {
            new SqliteParameter("@network", network),
            new SqliteParameter("@token", token),
            new SqliteParameter("@recipient", recipient),
        };
        parameters.AddRange(amounts.Select((amount, i) => new SqliteParameter($"@a{i}", amount.ToString(CultureInfo.InvariantCulture))));
        var held = await db.Database.SqlQueryRaw<string>(Sql(amounts.Count), [.. parameters]).ToListAsync(cancellationToken);
        return held.Select(a => BigInteger.Parse(a, CultureInfo.InvariantCulture)).ToHashSet();
    }

    /// <summary>The look-up for <paramref name="count"/> amounts (parameters @network, @token, @recipient, @a0…).</summary>
    internal static string Sql(int count)
    {
        var sql = new StringBuilder("""
            SELECT "Amount" AS "Value" FROM "Payments"
            WHERE "HoldsAmount" = 1 AND "MatchByAmount" = 1 AND "Network" = @network AND "TokenContract" = @token AND "Recipient" = @recipient
              AND "Amount" IN (
            """);
        sql.AppendJoin(", ", Enumerable.Range(0, count).Select(i => $"@a{i}"));
        return sql.Append(')').ToString();
    }
}
