using System.Numerics;

namespace PaySessions.Core.History;

/// <summary>A refund sent back to a payer on chain: which sale it returns money for, and how much of which token.</summary>
public sealed record RefundLine(Guid SessionId, Guid? CashierId, string Asset, string Network, int Decimals, BigInteger Amount, DateTime RefundedAt);

/// <summary>
/// Where the reports read refunds from: those recorded within a period (by when the chain showed them), whatever day
/// the sale was. Refunds are not built yet, so <see cref="NoRefundsYet"/> reports none and every report shows a
/// "Refunds" line of 0. The refunds feature registers its own source in place of it
/// (<see cref="StoreReportServices.AddStoreReports"/>); the dashboard, the end-of-day page and the CSV then show them.
/// </summary>
public interface IRefundSource
{
    Task<IReadOnlyList<RefundLine>> ListAsync(Guid storeId, ReportPeriod period, CancellationToken cancellationToken);
}

public sealed class NoRefundsYet : IRefundSource
{
    public Task<IReadOnlyList<RefundLine>> ListAsync(Guid storeId, ReportPeriod period, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RefundLine>>([]);
}
