using System.Globalization;
using System.Numerics;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>
/// Which of some amounts an open, amount-matched payment to one wallet and token already asks: one look-up in the unique
/// index <c>IX_Payments_HeldAmount</c>, whatever the number of open payments. Its WHERE clause repeats the index's filter
/// word for word (<c>"HoldsAmount" AND "MatchByAmount"</c>): SQLite uses a partial index only for a query whose terms
/// contain its filter. Written in SQL so the amounts go as plain parameters of an IN list, each looked up in the index
/// (LINQ's <c>Contains</c> would send them as one JSON array).
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
            WHERE "HoldsAmount" AND "MatchByAmount" AND "Network" = @network AND "TokenContract" = @token AND "Recipient" = @recipient
              AND "Amount" IN (
            """);
        sql.AppendJoin(", ", Enumerable.Range(0, count).Select(i => $"@a{i}"));
        return sql.Append(')').ToString();
    }
}
