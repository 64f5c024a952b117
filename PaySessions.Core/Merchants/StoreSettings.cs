using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Fx;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>
/// The settings an owner edits on the store page. <see cref="UnderpaymentTolerance"/> is a share of the amount
/// (0.01 is 1 %). Windows are in minutes: a session can be paid for <see cref="ExpirationMinutes"/>; a transfer
/// arriving up to <see cref="MonitoringMinutes"/> after that is still matched and flagged as paid late.
/// </summary>
public sealed record StoreDetails(string? Name, string? DefaultCurrency, int ExpirationMinutes, int MonitoringMinutes, decimal UnderpaymentTolerance);

/// <summary>
/// Reads and changes a store's own settings. A change applies to what starts afterwards: sessions and payments
/// already open keep the expiration and monitoring times they were created with. The tolerance is read by the
/// ledger each time it counts a payment's transfers, so it applies from the next transfer or confirmation on.
/// </summary>
public sealed class StoreSettings(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate)
{
    public const int MaxNameLength = 100;
    public const int MinExpirationMinutes = 1;
    public const int MaxExpirationMinutes = 24 * 60;
    public const int MaxMonitoringMinutes = 30 * 24 * 60;
    public const decimal MaxUnderpaymentTolerance = 0.05m;

    /// <summary>The ledger counts shortfalls in millionths of the amount; a finer tolerance would silently be cut.</summary>
    private const int ToleranceDecimals = 6;

    public async Task<StoreDetails?> ReadAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Merchants.AsNoTracking()
            .Where(m => m.Id == storeId)
            .Select(m => new StoreDetails(m.Name, m.DefaultCurrency, m.ExpirationMinutes, m.MonitoringMinutes, m.UnderpaymentTolerance))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Checks every setting and saves them together, or refuses with what is wrong with each and changes nothing.</summary>
    public async Task<Result<StoreDetails>> UpdateAsync(Guid storeId, StoreDetails details, CancellationToken cancellationToken = default)
    {
        if (Check(details) is { } invalid)
        {
            return invalid;
        }

        var clean = details with { Name = details.Name!.Trim(), DefaultCurrency = details.DefaultCurrency!.Trim().ToUpperInvariant() };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var updated = await db.Merchants.Where(m => m.Id == storeId).ExecuteUpdateAsync(
                set => set
                    .SetProperty(m => m.Name, clean.Name)
                    .SetProperty(m => m.DefaultCurrency, clean.DefaultCurrency)
                    .SetProperty(m => m.ExpirationMinutes, clean.ExpirationMinutes)
                    .SetProperty(m => m.MonitoringMinutes, clean.MonitoringMinutes)
                    .SetProperty(m => m.UnderpaymentTolerance, clean.UnderpaymentTolerance),
                cancellationToken);
            return updated == 0 ? PayError.NotFound("Store") : clean;
        }
    }

    /// <summary>The store rules, without touching the database: null when every setting is acceptable.</summary>
    public static PayError? Check(StoreDetails details)
    {
        var errors = new Dictionary<string, string[]>();
        var name = details.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"Give the store a name of 1 to {MaxNameLength} characters."];
        }

        var currency = details.DefaultCurrency?.Trim().ToUpperInvariant();
        if (!FiatCurrencies.TryGetMinorUnits(currency, out _))
        {
            errors["defaultCurrency"] = [$"'{details.DefaultCurrency}' is not a currency the store can price in; pick an ISO 4217 code such as USD or EUR."];
        }

        if (details.ExpirationMinutes is < MinExpirationMinutes or > MaxExpirationMinutes)
        {
            errors["expirationMinutes"] = [$"The payment window must be {MinExpirationMinutes} to {MaxExpirationMinutes} minutes (24 hours); it is {details.ExpirationMinutes}."];
        }

        if (details.MonitoringMinutes < details.ExpirationMinutes || details.MonitoringMinutes > MaxMonitoringMinutes)
        {
            errors["monitoringMinutes"] =
            [
                $"Late payments must be watched for at least the payment window ({details.ExpirationMinutes} minutes) and at most {MaxMonitoringMinutes} minutes (30 days); it is {details.MonitoringMinutes}.",
            ];
        }

        var tolerance = details.UnderpaymentTolerance;
        if (tolerance < 0m || tolerance > MaxUnderpaymentTolerance)
        {
            errors["underpaymentTolerance"] = ["The underpayment tolerance must be between 0 % and 5 % of the amount."];
        }
        else if (decimal.Round(tolerance, ToleranceDecimals) != tolerance)
        {
            errors["underpaymentTolerance"] = ["The underpayment tolerance takes at most four decimals of a percent (e.g. 0.5 % or 1.25 %)."];
        }

        return errors.Count > 0 ? PayError.Validation(errors) : null;
    }
}
