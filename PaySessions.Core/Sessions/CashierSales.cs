using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Sessions;

/// <summary>One of a cashier's sales as their own list shows it.</summary>
public sealed record CashierSale(Guid SessionId, DateTime CreatedAt, decimal Amount, string Currency, string Descriptor, PaymentStatus Status, string? Asset, string? Network, string? Paid);

/// <summary>What a cashier may look back at: their own sales of the current day (UTC), newest first, in their store only.</summary>
public sealed class CashierSales(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time)
{
    public const int MaxRows = 500;

    public async Task<IReadOnlyList<CashierSale>> TodayAsync(Guid storeId, Guid cashierId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var since = now.Date;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.MerchantId == storeId && s.CashierId == cashierId && s.CreatedAt >= since)
            .OrderByDescending(s => s.CreatedAt)
            .Take(MaxRows)
            .GroupJoin(db.Payments.AsNoTracking(), s => s.TransactionId, p => p.Id, (s, p) => new { Session = s, Payments = p })
            .SelectMany(x => x.Payments.DefaultIfEmpty(), (x, p) => new { x.Session, Payment = p })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new CashierSale(
            r.Session.Id, r.Session.CreatedAt, r.Session.Amount, r.Session.AmountCurrency, r.Session.Descriptor, r.Session.StatusAt(now),
            r.Payment?.Asset, r.Payment?.Network, r.Payment is { } p ? Chain.TokenAmount.Format(p.Paid, p.Decimals) : null)).ToList();
    }
}
