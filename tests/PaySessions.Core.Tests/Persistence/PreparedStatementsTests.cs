using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.History;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using SQLitePCL;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>
/// Statements EF Core runs again on a connection that stayed open are the ones SQLite prepared the first time, and none
/// is left on a native connection once it closes (the pool hands it to the next opener).
/// </summary>
public sealed class PreparedStatementsTests : IAsyncLifetime
{
    private const string InsertBlock = "INSERT INTO \"ChainBlocks\"";

    private CoreHarness _core = null!;

    private IDbContextFactory<PayDbContext> Contexts => _core.Get<IDbContextFactory<PayDbContext>>();

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task a_row_saved_three_times_in_one_transaction_is_prepared_once_and_run_three_times()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var number = 1; number <= 3; number++)
        {
            db.ChainBlocks.Add(new ChainBlock { Network = "again", Number = number, Hash = $"0x{number}" });
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        var inserts = Statements(Native(db)).Where(s => s.Sql.StartsWith(InsertBlock, StringComparison.Ordinal)).ToList();
        await transaction.CommitAsync();

        var insert = Assert.Single(inserts);
        Assert.Equal(3, insert.Runs);
        Assert.Equal([1L, 2L, 3L], await db.ChainBlocks.Where(b => b.Network == "again").OrderBy(b => b.Number).Select(b => b.Number).ToListAsync());
    }

    [Fact]
    public async Task no_statement_is_left_on_a_native_connection_once_it_closes_and_the_next_open_prepares_afresh()
    {
        sqlite3 native;
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.ChainBlocks.Add(new ChainBlock { Network = "closed", Number = 1, Hash = "0x1" });
            await db.SaveChangesAsync();
            native = Native(db);
            Assert.Contains(Statements(native), s => s.Sql.StartsWith(InsertBlock, StringComparison.Ordinal));
            await transaction.CommitAsync();
        }

        // The context is gone and its connection closed: the native one waits in the pool with none of our statements on
        // it (SQLite's search index keeps statements of its own there).
        Assert.DoesNotContain(Statements(native), s => s.Sql.StartsWith(InsertBlock, StringComparison.Ordinal));

        // The next context (the pool's same one, on the same connection object) runs the same text: prepared afresh, and
        // gone again when it closes.
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.ChainBlocks.Add(new ChainBlock { Network = "closed", Number = 2, Hash = "0x2" });
            await db.SaveChangesAsync();
            native = Native(db);
            await transaction.CommitAsync();
        }

        Assert.DoesNotContain(Statements(native), s => s.Sql.StartsWith(InsertBlock, StringComparison.Ordinal));

        await using var check = await Contexts.CreateDbContextAsync();
        Assert.Equal(2, await check.ChainBlocks.CountAsync(b => b.Network == "closed"));
    }

    [Fact]
    public async Task the_same_query_run_while_its_own_reader_is_open_gets_a_command_of_its_own()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.ChainBlocks.AddRange(Enumerable.Range(1, 3).Select(n => new ChainBlock { Network = "nested", Number = n, Hash = $"0x{n}" }));
        await db.SaveChangesAsync();

        var outer = new List<long>();
        await foreach (var block in db.ChainBlocks.AsNoTracking().Where(b => b.Network == "nested").OrderBy(b => b.Number).AsAsyncEnumerable())
        {
            // The very same SQL text while the outer reader is still stepping.
            var inner = await db.ChainBlocks.AsNoTracking().Where(b => b.Network == "nested").OrderBy(b => b.Number).ToListAsync();
            Assert.Equal([1L, 2L, 3L], inner.Select(b => b.Number));
            outer.Add(block.Number);
        }

        Assert.Equal([1L, 2L, 3L], outer);
    }

    [Fact]
    public async Task a_session_is_saved_without_reading_back_the_amount_copy_sqlite_computes()
    {
        var caller = await _core.NewMerchantAsync();
        var now = _core.Time.GetUtcNow().UtcDateTime;
        await using var db = await Contexts.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var merchant = await db.Merchants.SingleAsync(m => m.Id == caller.MerchantId);
        var session = PaySession.OpenCheckout(merchant, new CreateSessionRequest(Amount: 12.5m, AmountCurrency: "USD"), now);
        db.Sessions.Add(session);
        await db.SaveChangesAsync();
        Assert.True(session.Cancel(now));
        await db.SaveChangesAsync();

        var writes = Statements(Native(db)).Where(s => s.Sql.StartsWith("INSERT INTO \"Sessions\"", StringComparison.Ordinal)
            || s.Sql.StartsWith("UPDATE \"Sessions\"", StringComparison.Ordinal)).Select(s => s.Sql).ToList();
        await transaction.CommitAsync();

        // The insert reads nothing back; the update reads only EF Core's own "RETURNING 1" (its check that the row was there).
        Assert.Equal(2, writes.Count);
        Assert.DoesNotContain("RETURNING", writes.Single(sql => sql.StartsWith("INSERT", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.All(writes, sql => Assert.DoesNotContain(SessionHistoryModel.AmountValue, sql, StringComparison.Ordinal));
        var copy = await db.Database.SqlQuery<double>($"SELECT \"AmountValue\" AS \"Value\" FROM \"Sessions\" WHERE \"Id\" = {session.Id}").SingleAsync();
        Assert.Equal(12.5, copy);
    }

    private static sqlite3 Native(PayDbContext db) => ((SqliteConnection)db.Database.GetDbConnection()).Handle!;

    /// <summary>
    /// The statements prepared on a native connection now, with how often each has run: SQLite's own list, read through
    /// its C functions (SQLitePCL's wrapper only knows statements it saw prepared, and SQLite's search index keeps some).
    /// </summary>
    private static List<(string Sql, int Runs)> Statements(sqlite3 native)
    {
        const int runs = 6; // SQLITE_STMTSTATUS_RUN
        var found = new List<(string, int)>();
        var db = native.DangerousGetHandle();
        for (var statement = NextStatement(db, IntPtr.Zero); statement != IntPtr.Zero; statement = NextStatement(db, statement))
        {
            found.Add((System.Runtime.InteropServices.Marshal.PtrToStringUTF8(StatementSql(statement)) ?? "", StatementStatus(statement, runs, 0)));
        }

        return found;
    }

    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_next_stmt")]
    private static extern IntPtr NextStatement(IntPtr db, IntPtr statement);

    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_sql")]
    private static extern IntPtr StatementSql(IntPtr statement);

    [System.Runtime.InteropServices.DllImport("e_sqlite3", EntryPoint = "sqlite3_stmt_status")]
    private static extern int StatementStatus(IntPtr statement, int operation, int reset);
}
