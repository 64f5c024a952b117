using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PaySessions.Core.Persistence;

/// <summary>
/// Lets SQLite itself wait for a busy database instead of Microsoft.Data.Sqlite's 150 ms sleep-and-retry,
/// which wrecks tail latency under concurrent writers. These settings belong to the native connection, which
/// Microsoft.Data.Sqlite pools and hands out again on every open: they are set once per native connection, not on
/// every open (that was one extra statement round per request). Checkpoints are <see cref="WalCheckpointer"/>'s work;
/// a commit does one itself only past its backstop. Once a checkpoint has copied the whole log back, the next writer
/// starts the log over and cuts its file back to <see cref="WalCheckpointer.LogSizeLimit"/>.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private static readonly string Pragmas =
        $"PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = {WalCheckpointer.Backstop}; "
        + $"PRAGMA journal_size_limit = {WalCheckpointer.LogSizeLimit};";

    /// <summary>Native connections already set up; an entry goes with its connection.</summary>
    private static readonly ConditionalWeakTable<object, object> Prepared = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, Prepared);
}
