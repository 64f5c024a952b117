using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Fx;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.History;

/// <summary>One day of the dashboard's chart.</summary>
public sealed record DayFigures(DateOnly Day, int Sales, int Paid, MoneyTotal PaidInStoreCurrency);

/// <summary>A store at a glance: today, this week (from Monday), and each of the last seven days, in the store's calendar.</summary>
public sealed record DashboardView(
    string StoreName, string Currency, string TimeZone, DateTime ReadAt,
    ReportPeriod Today, SalesFigures TodayFigures, ReportPeriod Week, SalesFigures WeekFigures, IReadOnlyList<DayFigures> LastSevenDays);

/// <summary>Reads the dashboard of one store: its sales since the earlier of Monday and six days ago, in one read.</summary>
public sealed class StoreDashboard(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time, IFxRateProvider fx, IRefundSource refundSource)
{
    public async Task<DashboardView?> ReadAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var store = await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == storeId, cancellationToken);
        if (store is null)
        {
            return null;
        }

        var calendar = StoreCalendar.Of(store);
        var today = calendar.DayOf(now);
        var todayPeriod = calendar.Day(today);
        var week = calendar.WeekOf(today);
        var lastSeven = calendar.Days(today.AddDays(-6), today);
        var read = calendar.Days(week.First < lastSeven.First ? week.First : lastSeven.First, today);
        var sales = await SaleLines.ReadAsync(db, storeId, read, now, cancellationToken: cancellationToken);
        var refunds = await refundSource.ListAsync(storeId, read, cancellationToken);
        var money = new StoreMoney(store.DefaultCurrency, fx);

        SalesFigures FiguresOf(ReportPeriod period) => SalesFigures.Of(
            [.. sales.Where(s => period.Contains(s.CreatedAt))], [.. refunds.Where(r => period.Contains(r.RefundedAt))], money);

        var days = Enumerable.Range(0, 7).Select(i => lastSeven.First.AddDays(i)).Select(day =>
        {
            var period = calendar.Day(day);
            var inDay = sales.Where(s => period.Contains(s.CreatedAt)).ToList();
            return new DayFigures(day, inDay.Count, inDay.Count(s => s.IsPaid), money.Sum(inDay.Where(s => s.IsPaid)));
        }).ToList();
        return new DashboardView(
            store.Name, store.DefaultCurrency, calendar.ZoneName, now, todayPeriod, FiguresOf(todayPeriod), week, FiguresOf(week), days);
    }
}
