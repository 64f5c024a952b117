using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>The write-ahead log is copied back by the background checkpointer, not by the commits that hold the write gate.</summary>
public sealed class WalCheckpointerTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task the_app_connections_leave_checkpoints_to_the_checkpointer_up_to_the_backstop()
    {
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint;";
        Assert.Equal((long)WalCheckpointer.Backstop, await command.ExecuteScalarAsync());

        command.CommandText = "PRAGMA journal_size_limit;";
        Assert.Equal((long)WalCheckpointer.LogSizeLimit, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task a_checkpoint_copies_every_committed_page_back_and_the_next_write_starts_the_log_over()
    {
        // Another test's clean-up clears every idle pooled connection of the process (CoreHarness.DisposeAsync); when
        // this file's last connection closes, SQLite checkpoints and empties the log by itself, and the counts below
        // would read 0 (CI failed once so). A connection of our own stays open throughout.
        await using var keptOpen = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _core.DatabasePath, Pooling = false }.ToString());
        await keptOpen.OpenAsync();
        await using (var read = keptOpen.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master;"; // SQLite joins the log's shared index at a connection's first read
            await read.ExecuteScalarAsync();
        }

        var store = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        for (var i = 0; i < 30; i++)
        {
            Assert.True((await sessions.CreateAsync(store, new CreateSessionRequest(Amount: 1m + i, AmountCurrency: "USD"))).Ok);
        }

        // A passive checkpoint stops at a page an older reader may still need (a listener reading after a commit): the
        // next one, once that reader is done, copies the rest. One that meets the background checkpointer at work does not
        // run at all (SQLite answers -1 for both counts) and is tried again too.
        var (logPages, copied) = await CheckpointUntilAsync(done: c => c.Copied == c.LogPages);

        Assert.True(logPages > 0, "the sales were in the log");
        Assert.Equal(logPages, copied);

        // The next write finds the whole log copied back and starts it over, instead of growing it.
        var next = (await sessions.CreateAsync(store, new CreateSessionRequest(Amount: 2m, AmountCurrency: "USD"))).Value!;
        var (logPagesAfter, _) = await CheckpointUntilAsync(done: _ => true);
        Assert.InRange(logPagesAfter, 1, logPages - 1);
        Assert.NotNull(await sessions.FindAsync(next.Id, null));
    }

    private async Task<(long LogPages, long Copied)> CheckpointUntilAsync(Func<(long LogPages, long Copied), bool> done)
    {
        var checkpoint = await _core.Get<WalCheckpointer>().CheckpointAsync();
        for (var tries = 0; (checkpoint.LogPages < 0 || !done(checkpoint)) && tries < 50; tries++)
        {
            await Task.Delay(20);
            checkpoint = await _core.Get<WalCheckpointer>().CheckpointAsync();
        }

        return checkpoint;
    }
}
