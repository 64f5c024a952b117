using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaySessions.Core.Persistence;

/// <summary>
/// Copies the write-ahead log back into the database file in the background. Left to SQLite, the commit that
/// crosses 1,000 log pages does the copy itself, with two fsyncs, while it holds the write gate: every sixtieth
/// sale or so waited for the disk. Here the app's connections only checkpoint past <see cref="Backstop"/> pages
/// (<see cref="SqlitePragmas"/>), and this service checkpoints passively every <see cref="Interval"/>, beside the
/// writers rather than in their way. A passive checkpoint never blocks a reader or a writer; what it cannot copy
/// yet (a reader still on an older snapshot) it copies next time.
/// </summary>
public sealed partial class WalCheckpointer(IOptions<StorageOptions> storage, TimeProvider time, ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>Log pages after which a commit checkpoints by itself, should this service fall behind or be stopped.</summary>
    public const int Backstop = 20_000;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>One passive checkpoint: the log's pages and how many of them are now in the database file.</summary>
    public async Task<(long LogPages, long Copied)> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(storage.Value.ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckpointAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckpointFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background WAL checkpoint failed; retrying in a second (commits checkpoint by themselves past the backstop)")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
