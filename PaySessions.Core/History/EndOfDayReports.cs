using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Fx;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.History;

/// <summary>One cashier's part of the day. <see cref="CashierId"/> is null for the sales made over the API (no cashier).</summary>
public sealed record CashierDay(Guid? CashierId, string Name, SalesFigures Figures);

/// <summary>What a shop closes its day with: the store's totals, each cashier's, and what is still unresolved.</summary>
public sealed record EndOfDayReport(
    string StoreName, string Currency, StoreCalendar Calendar, DateOnly Day, ReportPeriod Period, DateTime PreparedAt,
    SalesFigures Store, IReadOnlyList<CashierDay> Cashiers)
{
    public string TimeZone => Calendar.ZoneName;
}

/// <summary>Prepares the end-of-day report of one store for one of its days (today when none is given).</summary>
public sealed class EndOfDayReports(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time, IFxRateProvider fx, IRefundSource refundSource)
{
    public const string ApiSalesName = "API sales (no cashier)";

    public async Task<EndOfDayReport?> ReadAsync(Guid storeId, DateOnly? day = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var store = await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == storeId, cancellationToken);
        if (store is null)
        {
            return null;
        }

        var calendar = StoreCalendar.Of(store);
        var period = calendar.Day(day ?? calendar.DayOf(now));
        var sales = await SaleLines.ReadAsync(db, storeId, period, now, cancellationToken: cancellationToken);
        var refunds = await refundSource.ListAsync(storeId, period, cancellationToken);
        var money = new StoreMoney(store.DefaultCurrency, fx);

        var cashierIds = sales.Select(s => s.CashierId).Concat(refunds.Select(r => r.CashierId)).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(u => cashierIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName ?? u.Id.ToString(), cancellationToken);
        var cashiers = sales.Select(s => s.CashierId).Concat(refunds.Select(r => r.CashierId)).Distinct()
            .Select(id => new CashierDay(
                id,
                id is { } known ? names.GetValueOrDefault(known, "Former user") : ApiSalesName,
                SalesFigures.Of([.. sales.Where(s => s.CashierId == id)], [.. refunds.Where(r => r.CashierId == id)], money)))
            // People by name, then the sales no cashier rang up.
            .OrderBy(c => c.CashierId is null).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new EndOfDayReport(
            store.Name, store.DefaultCurrency, calendar, period.First, period, now, SalesFigures.Of(sales, refunds, money), cashiers);
    }
}
