using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.History;

/// <summary>A refund sent back to a payer on chain: which sale it returns money for, and how much of which token.</summary>
public sealed record RefundLine(Guid SessionId, Guid? CashierId, string Asset, string Network, int Decimals, BigInteger Amount, DateTime RefundedAt);

/// <summary>
/// Where the reports read refunds from: those the chain confirmed within a period, whatever day the sale was.
/// </summary>
public interface IRefundSource
{
    Task<IReadOnlyList<RefundLine>> ListAsync(Guid storeId, ReportPeriod period, CancellationToken cancellationToken);
}

/// <summary>The store's confirmed refunds (<see cref="Refund"/>), each with the cashier who rang up the sale it returns money for.</summary>
public sealed class ConfirmedRefunds(IDbContextFactory<PayDbContext> dbFactory) : IRefundSource
{
    public async Task<IReadOnlyList<RefundLine>> ListAsync(Guid storeId, ReportPeriod period, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Refunds.AsNoTracking()
            .Where(r => r.MerchantId == storeId && r.Status == RefundStatus.Confirmed && r.ConfirmedAt >= period.FromUtc && r.ConfirmedAt < period.ToUtc)
            .Join(db.Sessions, r => r.SessionId, s => s.Id, (r, s) => new { Refund = r, s.CashierId })
            .ToListAsync(cancellationToken);
        return rows
            .Select(x => new RefundLine(x.Refund.SessionId, x.CashierId, x.Refund.Asset, x.Refund.Network, x.Refund.Decimals, x.Refund.Amount, x.Refund.ConfirmedAt!.Value))
            .ToList();
    }
}
