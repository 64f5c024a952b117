using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Merchants;

/// <summary>An upgrade from the installation-wide tolerance to per-store tolerances changes no store's behaviour.</summary>
public sealed class ToleranceCarryOverTests
{
    [Fact]
    public async Task stores_from_before_the_per_store_tolerance_keep_the_installation_value_capped_at_five_percent()
    {
        var directory = Directory.CreateTempSubdirectory("paysessions-carry-").FullName;
        var path = Path.Combine(directory, "old.db");
        var storeId = await CreateOldInstallationWithOneStoreAsync(path);

        await using (var core = await CoreHarness.StartAsync(Settings(path, "0.02")))
        {
            Assert.Equal(0.02m, (await core.Get<StoreSettings>().ReadAsync(storeId))!.UnderpaymentTolerance);
            Assert.True((await core.Get<StoreSettings>().UpdateAsync(storeId, new StoreDetails("Old Shop", "USD", 15, 60, 0m))).Ok);
        }

        // Once migrated, the setting is not read again: the owner's own choice stays.
        await using (var core = await CoreHarness.StartAsync(Settings(path, "0.04")))
        {
            Assert.Equal(0m, (await core.Get<StoreSettings>().ReadAsync(storeId))!.UnderpaymentTolerance);
        }

        var capped = Path.Combine(directory, "capped.db");
        var cappedId = await CreateOldInstallationWithOneStoreAsync(capped);
        await using (var core = await CoreHarness.StartAsync(Settings(capped, "0.5")))
        {
            Assert.Equal(StoreSettings.MaxUnderpaymentTolerance, (await core.Get<StoreSettings>().ReadAsync(cappedId))!.UnderpaymentTolerance);
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task a_new_installation_starts_its_stores_at_zero_whatever_the_old_setting_says()
    {
        await using var core = await CoreHarness.StartAsync(new Dictionary<string, string?> { ["Chain:UnderpaymentTolerance"] = "0.02" });
        var store = await core.NewMerchantAsync();

        Assert.Equal(0m, (await core.Get<StoreSettings>().ReadAsync(store.MerchantId))!.UnderpaymentTolerance);
    }

    private static Dictionary<string, string?> Settings(string path, string tolerance) => new()
    {
        ["Storage:DatabasePath"] = path,
        ["Chain:UnderpaymentTolerance"] = tolerance,
    };

    /// <summary>A database as the release before per-store tolerances left it, holding one store.</summary>
    private static async Task<Guid> CreateOldInstallationWithOneStoreAsync(string path)
    {
        var id = Guid.NewGuid();
        var options = new DbContextOptionsBuilder<PayDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var db = new PayDbContext(options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.IndexOf(ToleranceCarryOver.StoreColumnMigration) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO Merchants (Id, AccountId, Name, ExternalMid, DefaultCurrency, ExpirationMinutes, MonitoringMinutes, CreatedAt) VALUES ({id}, {Guid.NewGuid()}, 'Old Shop', '', 'USD', 15, 1440, {DateTime.UtcNow})");
        }

        SqliteConnection.ClearAllPools();
        return id;
    }
}
