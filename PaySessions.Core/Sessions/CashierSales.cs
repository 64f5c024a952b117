using Microsoft.EntityFrameworkCore;
using PaySessions.Core.History;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Sessions;

/// <summary>One of a cashier's sales as their own list shows it.</summary>
public sealed record CashierSale(Guid SessionId, DateTime CreatedAt, decimal Amount, string Currency, string Descriptor, PaymentStatus Status, string? Asset, string? Network, string? Paid);

/// <summary>
/// What a cashier may look back at: their own sales of the store's current day, newest first, in their store only.
/// The day is the one the end-of-day report counts (<see cref="StoreCalendar"/>).
/// </summary>
public sealed class CashierSales(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time)
{
    public const int MaxRows = 500;

    public async Task<IReadOnlyList<CashierSale>> TodayAsync(Guid storeId, Guid cashierId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var store = await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == storeId, cancellationToken);
        if (store is null)
        {
            return [];
        }

        var calendar = StoreCalendar.Of(store);
        var sales = await SaleLines.ReadAsync(db, storeId, calendar.Day(calendar.DayOf(now)), now, cashierId, MaxRows, cancellationToken);
        return sales.Select(s => (Sale: s, Payment: s.Transaction)).Select(x => new CashierSale(
            x.Sale.SessionId, x.Sale.CreatedAt, x.Sale.Amount, x.Sale.Currency, x.Sale.Descriptor, x.Sale.Status,
            x.Payment?.Asset, x.Payment?.Network, x.Payment is { } p ? Chain.TokenAmount.Format(p.Paid, p.Decimals) : null)).ToList();
    }
}
