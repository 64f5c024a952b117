using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Process;

/// <summary>
/// The host takes connections while the database is still being prepared. Another program holding the file (an
/// exclusive lock, which SQLite's readers wait for) keeps the preparation waiting, so these tests can see the window.
/// </summary>
public sealed class StartWhilePreparingTests
{
    [Fact]
    public async Task a_request_that_arrives_while_the_database_is_prepared_waits_for_it_and_is_answered_from_it()
    {
        await InFreshFolderAsync(async database =>
        {
            using var locker = LockFile(database);
            await using var app = await PosProcess.StartAsync(PosProcess.DemoWithoutChain(database));

            // Listening, the schema not made yet (the lock is held): the request is held, not refused or failed.
            using var client = app.DemoClient();
            var answer = client.GetAsync($"/session/{Guid.NewGuid()}");
            await Task.Delay(200);
            Assert.False(answer.IsCompleted, "answered before the database was prepared");
            Assert.Equal(0, TableCount(locker));

            var released = Stopwatch.GetTimestamp();
            locker.Dispose();
            using var response = await answer.WaitAsync(TimeSpan.FromSeconds(30));

            // The demo store's key was found and the session looked up: both need the prepared database.
            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {problem}");
            Assert.Contains("\"not_found\"", problem);
            Assert.True(Stopwatch.GetElapsedTime(released) < TimeSpan.FromSeconds(30));
            Assert.True(DatabaseFile.Count(database, "SELECT COUNT(*) FROM Merchants") > 0);
        });
    }

    [Fact]
    public async Task when_preparing_fails_the_held_requests_are_told_503_and_the_app_stops_with_the_reason()
    {
        await InFreshFolderAsync(async database =>
        {
            using var locker = LockFile(database);
            var environment = PosProcess.DemoWithoutChain(database);
            environment["Setup__OwnerEmail"] = "owner@shop.example";
            environment["Setup__OwnerPassword"] = "short"; // the first owner cannot be made: preparing fails after the schema
            await using var app = await PosProcess.StartAsync(environment);
            using var client = app.DemoClient();
            var answer = client.GetAsync($"/session/{Guid.NewGuid()}");
            await Task.Delay(200);
            Assert.False(answer.IsCompleted, "answered before the database was prepared");

            locker.Dispose();
            using var response = await answer.WaitAsync(TimeSpan.FromSeconds(60));

            var problem = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {problem}");
            Assert.Contains("\"starting_failed\"", problem);
            var (exitCode, output) = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(1, exitCode);
            Assert.Contains("PaySessions cannot start: fix these settings", output);
            Assert.Contains("Setup:* could not create the first owner and store", output);
            Assert.DoesNotContain("   at ", output);
        });
    }

    [Fact]
    public async Task a_request_still_waiting_when_the_hold_ends_is_told_503_starting_and_one_after_the_preparation_is_answered()
    {
        await InFreshFolderAsync(async database =>
        {
            using var locker = LockFile(database);
            var environment = PosProcess.DemoWithoutChain(database);
            environment["Pos__StartingHold"] = "00:00:01";
            await using var app = await PosProcess.StartAsync(environment);
            using var client = app.DemoClient();

            var asked = Stopwatch.GetTimestamp();
            using (var early = await client.GetAsync($"/session/{Guid.NewGuid()}").WaitAsync(TimeSpan.FromSeconds(20)))
            {
                var problem = await early.Content.ReadAsStringAsync();
                Assert.True(early.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)early.StatusCode}: {problem}");
                Assert.Contains("\"starting\"", problem);
                Assert.Equal(TimeSpan.FromSeconds(5), early.Headers.RetryAfter?.Delta);
                Assert.True(Stopwatch.GetElapsedTime(asked) >= TimeSpan.FromSeconds(0.9), "answered before the hold ended");
            }

            Assert.Equal(0, TableCount(locker)); // still held: nothing was prepared, and the app is still up

            // Once the lock goes the database is prepared; a request then (after any more 503 starting) is answered from it.
            locker.Dispose();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                using var response = await client.GetAsync($"/session/{Guid.NewGuid()}");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("\"starting\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                {
                    continue;
                }

                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {body}");
                Assert.Contains("\"not_found\"", body);
                break;
            }
        });
    }

    /// <summary>Runs <paramref name="test"/> with a database path in a folder of its own, which goes afterwards.</summary>
    private static async Task InFreshFolderAsync(Func<string, Task> test)
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-start-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await test(Path.Combine(directory, "pos.db"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>An empty database file (rollback journal, SQLite's default) with an exclusive lock held on it.</summary>
    private static SqliteConnection LockFile(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE;";
        command.ExecuteNonQuery();
        return connection;
    }

    private static long TableCount(SqliteConnection locker)
    {
        using var command = locker.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table';";
        return (long)command.ExecuteScalar()!;
    }
}
