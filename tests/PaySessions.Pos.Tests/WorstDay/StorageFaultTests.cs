using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Tests.Process;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// The database's disk fills up or its file turns read-only. At start the app names the file, says what to do and
/// exits non-zero without touching it; while running, a write that meets a full disk is a 503 problem and stores nothing.
/// A full disk is a real one: a 1 MiB tmpfs mounted for the test (it needs root, as on these machines); the read-only
/// file is made immutable with chattr, which holds for root too.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class StorageFaultTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task a_read_only_database_file_stops_the_start_with_a_message_naming_it_and_changes_nothing()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-read-only-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(directory, "pos.db");
        var environment = PosProcess.DemoWithoutChain(database);
        await using (var first = await PosProcess.StartAsync(environment))
        {
            using var api = new HttpClient { BaseAddress = new Uri(first.BaseUrl) };
            api.DefaultRequestHeaders.Add("X-Api-Key", new DemoOptions().ApiKey);
            await api.CreateSessionAsync(2m);
        }

        SqliteConnection.ClearAllPools();
        var before = Hash(database);
        Run("chattr", "+i", database);
        try
        {
            var (exitCode, output) = await PosProcess.RunToExitAsync(environment, StartLimit);

            Assert.NotEqual(0, exitCode);
            Assert.Contains(database, output);
            Assert.Contains("writable", output);
            Assert.DoesNotContain("   at ", output);
            Assert.Equal(before, Hash(database));
        }
        finally
        {
            Run("chattr", "-i", database);
            Directory.Delete(directory, recursive: true);
        }

        WorstDayFigures.Add("faults", "faults injected", 1);
    }

    [Fact]
    public async Task a_full_disk_at_start_is_a_clear_error_and_while_running_a_503_that_stores_nothing()
    {
        var mount = Path.Combine(Path.GetTempPath(), "paysessions-full-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        // Room for the app's data twice over: its log is copied into the database file within a second (WalCheckpointer),
        // and for that moment both hold the same pages. The filler below is what makes the disk full.
        Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount);
        try
        {
            // Running: the app starts on the small disk, then the disk fills up under it.
            var database = Path.Combine(mount, "pos.db");
            var environment = PosProcess.DemoWithoutChain(database);
            await using (var app = await PosProcess.StartAsync(environment))
            {
                using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
                api.DefaultRequestHeaders.Add("X-Api-Key", new DemoOptions().ApiKey);
                await api.CreateSessionAsync(1m);
                var filler = Fill(mount);
                // Sales go on until the disk refuses five of them: the log file may still have room of its own for
                // the first ones (it is reused from the start once copied back), so how many fit is not fixed.
                var refused = 0;
                var tried = 0;
                for (var i = 0; i < 400 && refused < 5; i++, tried++)
                {
                    using var full = await api.PostAsJsonAsync("/session", new { amount = 3m, amountCurrency = "USD", referenceNumber = "disk-full-" + i });
                    var problem = await full.Content.ReadAsStringAsync();
                    Assert.True(full.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.OK, $"{(int)full.StatusCode}: {problem}");
                    if (full.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        refused++;
                        Assert.Contains("\"storage_full\"", problem);
                        Assert.NotNull(full.Headers.RetryAfter);
                    }
                }

                Assert.True(refused > 0, "no write met the full disk");
                File.Delete(filler);
                await api.CreateSessionAsync(4m);
                await app.KillHardAsync();
                SqliteConnection.ClearAllPools();
                // Every refused sale left nothing behind; every accepted one is there.
                Assert.Equal(tried - refused, DatabaseFile.Count(database, "SELECT COUNT(*) FROM Sessions WHERE ReferenceNumber LIKE 'disk-full-%'"));
            }

            // At start: a fresh database on a disk with no room left.
            var fresh = Path.Combine(mount, "fresh", "pos.db");
            Directory.CreateDirectory(Path.GetDirectoryName(fresh)!);
            var full2 = Fill(mount);
            var (exitCode, output) = await PosProcess.RunToExitAsync(PosProcess.DemoWithoutChain(fresh), StartLimit);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("PaySessions cannot start", output);
            Assert.Contains(Path.GetDirectoryName(fresh)!, output);
            Assert.DoesNotContain("   at ", output);
            Assert.True(!File.Exists(fresh) || DatabaseFile.Count(fresh, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") == 0,
                "a half-made schema was left behind");
            File.Delete(full2);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Run("umount", mount);
            Directory.Delete(mount, recursive: true);
        }

        WorstDayFigures.Add("faults", "faults injected", 2);
    }

    /// <summary>Takes every free byte of the disk under <paramref name="folder"/>; returns the file that holds them.</summary>
    private static string Fill(string folder)
    {
        var path = Path.Combine(folder, "filler-" + Guid.NewGuid().ToString("N"));
        using var file = File.Create(path);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // The disk is full.
        }

        return path;
    }


    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static void Run(string tool, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {error}");
    }
}
