using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// A key revoked while it is in use, and the database file locked by another writer while requests come in: a
/// revocation holds from the moment it returns, and a busy database makes callers wait, never fail with a 500.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class KeyAndLockRaceTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(new Dictionary<string, string?>
    {
        ["Pos:ApiPermitsPerMinute"] = "100000",
        ["Pos:AddressPermitsPerMinute"] = "100000",
    });

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task nothing_is_accepted_with_a_key_after_its_revocation_returned()
    {
        var tally = new RaceTally("key revoked in use");
        var (merchant, keys) = await _pos.NewMerchantAsync("Key Race");
        using var admin = _pos.Client(apiKey: keys.ApiKey);
        var till = await admin.CreateKeyAsync(merchant.AccountId, "publishable", "Till under attack");
        using var client = _pos.Client(till.GetProperty("generatedKey").GetString());
        var clock = Stopwatch.StartNew();
        long revokedAt = long.MaxValue;
        using var stop = new CancellationTokenSource();

        var users = Enumerable.Range(0, 8).Select(async _ =>
        {
            var seen = new List<(long SentAt, HttpStatusCode Status)>();
            while (!stop.IsCancellationRequested)
            {
                var sentAt = clock.ElapsedTicks;
                seen.Add((sentAt, await client.CreateSessionStatusAsync()));
            }

            return seen;
        }).ToList();
        await Task.Delay(400);
        using (var revoked = await admin.RevokeKeyAsync(merchant.AccountId, till.GetProperty("uuid").GetString()!))
        {
            Interlocked.Exchange(ref revokedAt, clock.ElapsedTicks);
            tally.Check(revoked.StatusCode == HttpStatusCode.NoContent, $"revoke answered {(int)revoked.StatusCode}");
        }

        await Task.Delay(400);
        await stop.CancelAsync();
        var answers = (await Task.WhenAll(users)).SelectMany(s => s).ToList();

        tally.NoServerErrors(answers.Select(a => a.Status));
        var after = answers.Where(a => a.SentAt > revokedAt).ToList();
        tally.Check(after.Count > 0 && answers.Count(a => a.SentAt < revokedAt) > 0, "the key was not in use on both sides of the revocation");
        tally.Check(after.All(a => a.Status == HttpStatusCode.Unauthorized), $"{after.Count(a => a.Status != HttpStatusCode.Unauthorized)} call(s) sent after the revocation returned were accepted");
        await using var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var sessions = await db.Sessions.CountAsync(s => s.MerchantId == merchant.Id);
        // The admin's own account look-up made none; every session stored is one a caller was told was created.
        tally.Check(sessions == answers.Count(a => a.Status == HttpStatusCode.OK), $"{sessions} sessions stored, {answers.Count(a => a.Status == HttpStatusCode.OK)} answered as created");
        tally.Report();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public async Task another_writer_holding_the_database_makes_requests_wait_never_fail_with_a_500(int seconds)
    {
        var tally = new RaceTally($"database locked for {seconds} s");
        var (_, keys) = await _pos.NewMerchantAsync("Lock Race " + seconds);
        using var till = _pos.Client(keys.PublishableKey);
        var path = Path.GetFullPath(_pos.Get<IOptions<StorageOptions>>().Value.DatabasePath);

        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var calls = Enumerable.Range(0, 30).Select(async i =>
        {
            await Task.Delay(i * 20);
            using var response = await till.PostAsJsonAsync("/session", new { amount = 2.5m, amountCurrency = "USD" });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        await using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }

        var answers = await Task.WhenAll(calls);
        tally.NoServerErrors(answers.Select(a => a.StatusCode));
        // Longer than SQLite's own busy_timeout (5 s) too: the data provider keeps retrying until its command timeout.
        tally.Check(answers.All(a => a.StatusCode == HttpStatusCode.OK),
            $"{answers.Count(a => a.StatusCode != HttpStatusCode.OK)} call(s) were refused during a {seconds} s lock: " + answers.FirstOrDefault(a => a.StatusCode != HttpStatusCode.OK).Body);
        tally.Report();
    }
}
