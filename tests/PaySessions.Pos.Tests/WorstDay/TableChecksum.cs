using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// A fingerprint of every row of every table in the SQLite file, to show that refused requests changed nothing.
/// Left out, because a refused request may legitimately touch them: when an API key was last used (<c>LastUsed*</c>
/// columns: a right key with a wrong body is still a use). Rate-limit counters and logs are not in the database.
/// </summary>
public static class TableChecksum
{
    public static IReadOnlyList<string> ExcludedColumns { get; } = ["LastUsedAt", "LastUsedUtc", "LastUsed"];

    /// <summary>Each row as "table|hash" (a multiset), so two snapshots give the number of rows that differ.</summary>
    public static async Task<List<string>> RowsAsync(string databasePath)
    {
        var rows = new List<string>();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (!ExcludedColumns.Contains(reader.GetName(i)))
                    {
                        row.Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                    }
                }

                rows.Add(table + "|" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(row.ToString()))));
            }
        }

        return rows;
    }

    /// <summary>Rows present in one snapshot and not the other (an updated row counts twice: old and new).</summary>
    public static IReadOnlyList<string> Changed(IEnumerable<string> before, IEnumerable<string> after)
    {
        var left = before.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        var changed = new List<string>();
        foreach (var row in after)
        {
            if (left.TryGetValue(row, out var count) && count > 0)
            {
                left[row] = count - 1;
            }
            else
            {
                changed.Add("+" + row);
            }
        }

        changed.AddRange(left.Where(kv => kv.Value > 0).SelectMany(kv => Enumerable.Repeat("-" + kv.Key, kv.Value)));
        return changed;
    }
}
