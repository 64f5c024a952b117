using PaySessions.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using PaySessions.Core.Persistence;
using PaySessions.Core.Persistence.CompiledModel;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>
/// The model exists three times: as <c>OnModelCreating</c> builds it, as the last migration's snapshot, and as the compiled
/// model the app runs on (generated, for a faster start). Start-up trusts all three to agree; these tests make sure.
/// </summary>
public sealed class MigrationsInStepTests
{
    /// <summary>Start-up skips EF's model-against-snapshot comparison when the file has every migration, so it must hold here.</summary>
    [Fact]
    public void the_model_has_no_change_the_migrations_lack()
    {
        using var db = NewContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed since the last migration: add one with scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public void the_compiled_model_the_app_runs_on_is_the_model_as_built()
    {
        using var db = NewContext();
        var built = db.GetService<IDesignTimeModel>().Model;

        Assert.IsType<PayDbContextModel>(db.Model);
        Assert.Equal(Describe(built), Describe(db.Model)); // else: scripts/optimize-model.sh (add-migration.sh runs it)
    }

    /// <summary>Start-up reads the migration history by hand: it must say what EF Core's own read says, before and after migrating.</summary>
    [Fact]
    public async Task the_history_start_up_reads_is_the_history_ef_core_reads()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-history-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var db = new PayDbContext(new DbContextOptionsBuilder<PayDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "pos.db")}").Options);

            Assert.Empty(await CoreServiceCollectionExtensions.AppliedMigrationsAsync(db, CancellationToken.None));
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());

            await db.Database.MigrateAsync();
            var applied = await CoreServiceCollectionExtensions.AppliedMigrationsAsync(db, CancellationToken.None);
            Assert.Equal((await db.Database.GetAppliedMigrationsAsync()).Order(StringComparer.Ordinal), applied.Order(StringComparer.Ordinal));
            Assert.Equal(db.Database.GetMigrations().Count(), applied.Count);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>What the app's reads and writes depend on: tables, columns, keys and indexes, and each property's converter.</summary>
    private static List<string> Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var table in model.GetRelationalModel().Tables)
        {
            lines.AddRange(table.Columns.Select(c => $"{table.Name}.{c.Name} {c.StoreType} null={c.IsNullable}"));
            lines.AddRange(table.Indexes.Select(i => $"{table.Name} index {i.Name} ({string.Join(',', i.Columns.Select(c => c.Name))}) unique={i.IsUnique} where {i.Filter}"));
            lines.AddRange(table.UniqueConstraints.Select(k => $"{table.Name} key {k.Name} ({string.Join(',', k.Columns.Select(c => c.Name))})"));
            lines.AddRange(table.ForeignKeyConstraints.Select(f => $"{table.Name} fk {f.Name} -> {f.PrincipalTable.Name} {f.OnDeleteAction}"));
        }

        lines.AddRange(model.GetEntityTypes().SelectMany(e => e.GetProperties().Select(p => $"{e.Name}.{p.Name} {p.ClrType.Name} {p.GetValueConverter()?.GetType().Name}")));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static PayDbContext NewContext() =>
        new(new DbContextOptionsBuilder<PayDbContext>().UseSqlite("Data Source=:memory:").Options);
}
