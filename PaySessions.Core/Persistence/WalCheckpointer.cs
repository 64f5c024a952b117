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
public sealed partial class WalCheckpointer(IOptions<StorageOptions> storage, DatabaseReady ready, TimeProvider time, ILogger<WalCheckpointer> logger) : BackgroundService
{
    /// <summary>Log pages after which a commit checkpoints by itself, should this service fall behind or be stopped.</summary>
    public const int Backstop = 20_000;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The size the log file is cut back to when a writer starts it over: a busy shop's second of writes fits, and the
    /// database file and the log do not both hold the same pages beyond it (on a small disk that alone can fill it).
    /// </summary>
    public const int LogSizeLimit = 4 * 1024 * 1024;

    /// <summary>
    /// One passive checkpoint: the log's pages and how many of them are now in the database file. Passive, because it
    /// takes no lock a writer waits for (SQLite's busy wait sleeps in growing steps, so even a short wait shows in a
    /// request's time); a writer that finds the whole log copied starts it over, and cuts the file back to
    /// <see cref="LogSizeLimit"/> (<see cref="SqlitePragmas"/>).
    /// </summary>
    public async Task<(long LogPages, long Copied)> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        // Its own unpooled connection: the app's pooled ones wait 5 s for a busy database, this one must not wait at all.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(storage.Value.ConnectionString()) { Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(1), reader.GetInt64(2));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ready.WhenPreparedAsync(stoppingToken))
        {
            return; // no file to look after: start-up failed and says why
        }

        using var timer = new PeriodicTimer(Interval, time);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckpointAsync(stoppingToken);
                if (failing)
                {
                    failing = false;
                    LogCheckpointRecovered(logger);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (!failing)
                {
                    failing = true; // said once, not every second while the disk stays full
                    LogCheckpointFailed(logger, ex);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background WAL checkpoint failed; retrying every second (commits checkpoint by themselves past the backstop)")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Background WAL checkpoints work again")]
    private static partial void LogCheckpointRecovered(ILogger logger);
}
