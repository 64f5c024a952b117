using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>
/// The underpayment tolerance used to be one installation-wide setting, <c>Chain:UnderpaymentTolerance</c>; now each
/// store has its own. Stores that existed before the per-store column are given the installation's value once, in
/// the start-up that adds the column, so an upgrade changes no store's behaviour. After that the setting is not read.
/// </summary>
public static partial class ToleranceCarryOver
{
    /// <summary>The migration that added <see cref="Merchant.UnderpaymentTolerance"/>.</summary>
    public const string StoreColumnMigration = "20261122035417_StoresAndUsers";

    /// <summary>Asked before migrating: does this database hold stores from before the per-store tolerance?</summary>
    public static bool IsDue(IReadOnlyCollection<string> applied, IReadOnlyCollection<string> pending) =>
        applied.Count > 0 && pending.Contains(StoreColumnMigration);

    /// <summary>After migrating: every existing store takes the installation's value, capped at the store maximum.</summary>
    public static async Task ApplyAsync(PayDbContext db, decimal installationTolerance, ILogger logger, CancellationToken cancellationToken)
    {
        var tolerance = Math.Clamp(installationTolerance, 0m, StoreSettings.MaxUnderpaymentTolerance);
        if (tolerance == 0m)
        {
            return;
        }

        var stores = await db.Merchants.ExecuteUpdateAsync(set => set.SetProperty(m => m.UnderpaymentTolerance, tolerance), cancellationToken);
        LogCarried(logger, tolerance, stores, installationTolerance);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Each store now has its own underpayment tolerance: {Stores} existing store(s) take {Tolerance} from Chain:UnderpaymentTolerance ({Configured}, at most 0.05); change it per store at /admin/store")]
    private static partial void LogCarried(ILogger logger, decimal tolerance, int stores, decimal configured);
}
