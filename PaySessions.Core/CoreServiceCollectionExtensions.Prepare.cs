using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Installation;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Core.Users;

namespace PaySessions.Core;

/// <summary>Preparing the database at start: schema, saved settings, the first owner.</summary>
public static partial class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The migrations the file has, read from EF Core's history table by hand: EF Core's own read first builds a model of
    /// that table with every convention, a quarter of a second of JIT on each start (our context's model is compiled).
    /// </summary>
    internal static async Task<HashSet<string>> AppliedMigrationsAsync(PayDbContext db, CancellationToken cancellationToken)
    {
        const string historyTable = "__EFMigrationsHistory";
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{historyTable}';";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return new HashSet<string>(StringComparer.Ordinal);
            }

            command.CommandText = $"SELECT MigrationId FROM \"{historyTable}\";";
            var applied = new HashSet<string>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }

            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Brings the database to the current schema, loads the saved network settings and seeds the first owner and demo data.
    /// The background services and requests wait for it (<see cref="DatabaseReady"/>), so the host may start meanwhile.
    /// </summary>
    public static async Task PreparePaySessionsAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var ready = services.GetRequiredService<DatabaseReady>();
        try
        {
            await PrepareAsync(services, cancellationToken);
        }
        catch (Exception failure)
        {
            ready.Failed(failure);
            throw;
        }

        ready.Prepared();
    }

    private static async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var databasePath = services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath;
        StorageFailure.EnsureWritable(databasePath);
        var dbFactory = services.GetRequiredService<IDbContextFactory<PayDbContext>>();
        Task relationalModel;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // EF Core builds the compiled model's tables and columns (its relational model) at the first query: a good tenth
            // of a second, done on another core while this one reads the migration history.
            var model = db.Model;
            relationalModel = Task.Run(() => model.GetRelationalModel(), CancellationToken.None);

            // WAL lets readers proceed while one writer commits; the mode is stored in the file.
            // The history is read once: both the tolerance carry-over and whether to migrate at all are decided from it.
            bool carryTolerance;
            try
            {
                var applied = await AppliedMigrationsAsync(db, cancellationToken);
                var pending = db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
                carryTolerance = ToleranceCarryOver.IsDue(applied, pending);

                // Migrate also compares the whole model with the last migration's snapshot, which costs a good part of a
                // second on every start; an up-to-date file skips it (a test keeps the model and the migrations in step).
                if (pending.Count > 0)
                {
                    await db.Database.MigrateAsync(cancellationToken);
                }

                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }
            catch (Exception ex) when (StorageFailure.Classify(ex) is not null)
            {
                throw StorageFailure.AtStart(databasePath, ex);
            }

            await SecretsAtRest.SealAsync(db, services.GetRequiredService<SealedSecrets>(), cancellationToken);
            if (carryTolerance)
            {
                await ToleranceCarryOver.ApplyAsync(db, services.GetRequiredService<IOptions<ChainOptions>>().Value.UnderpaymentTolerance,
                    services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ToleranceCarryOver)), cancellationToken);
            }
        }

        // Independent of each other, and each mostly the first compilation of its queries: side by side. SQLite's async
        // calls complete synchronously, so the owner check goes to a pool thread of its own. A failure of the network
        // settings is the one reported first.
        var setup = Task.Run(
            () => services.GetRequiredService<FirstRunSetup>().ApplyConfiguredAsync(services.GetRequiredService<IOptions<SetupOptions>>().Value, cancellationToken),
            CancellationToken.None);
        var networks = services.GetRequiredService<LoadNetworkSettings>().ExecuteAsync(cancellationToken);
        await Task.WhenAll(networks, setup, relationalModel);

        await services.GetRequiredService<DemoMerchantSeeder>().SeedAsync(cancellationToken);
    }
}
