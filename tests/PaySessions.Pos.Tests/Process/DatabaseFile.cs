using Microsoft.Data.Sqlite;

namespace PaySessions.Pos.Tests.Process;

/// <summary>Reads the app's SQLite file as it stands on disk, from outside the app (read-only, no pooled connection kept).</summary>
public static class DatabaseFile
{
    public static long Count(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
