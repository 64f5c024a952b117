using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Payments;

namespace PaySessions.Core.History;

/// <summary>An exact token amount (base units) of one asset on one network.</summary>
public sealed record AssetTotal(string Asset, string Network, int Decimals, BigInteger Amount)
{
    public string Text => TokenAmount.Format(Amount, Decimals);
}

/// <summary>Refunds recorded in a period: how many, and how much of each token went back.</summary>
public sealed record RefundFigures(int Count, IReadOnlyList<AssetTotal> Totals);

/// <summary>
/// What a set of sales adds up to. <see cref="Sales"/> counts every sale rung up, <see cref="Paid"/> those whose status
/// is succeeded. <see cref="Received"/> is what arrived on chain: every succeeded payment's paid amount, so an overpayment
/// or a second payment is in it. <see cref="PaidInStoreCurrency"/> is the price of the paid sales in the store's currency.
/// </summary>
public sealed record SalesFigures(
    int Sales, int Paid, IReadOnlyList<AssetTotal> Received, MoneyTotal PaidInStoreCurrency, RefundFigures Refunds,
    IReadOnlyList<UnresolvedPayment> Unresolved)
{
    /// <summary>Paid sales as a share of all sales, 0 to 1 (0 when there were none).</summary>
    public decimal PaidShare => Sales == 0 ? 0m : (decimal)Paid / Sales;

    public static SalesFigures Of(IReadOnlyCollection<SaleLine> sales, IReadOnlyCollection<RefundLine> refunds, StoreMoney money)
    {
        var paid = sales.Where(s => s.IsPaid).ToList();
        var received = sales.SelectMany(s => s.Payments)
            .Where(p => p.Status == PaymentStatus.Succeeded)
            .Select(p => (p.Asset, p.Network, p.Decimals, p.Paid));
        return new SalesFigures(
            sales.Count,
            paid.Count,
            Totals(received),
            money.Sum(paid),
            new RefundFigures(refunds.Count, Totals(refunds.Select(r => (r.Asset, r.Network, r.Decimals, r.Amount)))),
            [.. sales.SelectMany(UnresolvedPayments.In).OrderBy(u => u.SaleCreatedAt)]);
    }

    private static List<AssetTotal> Totals(IEnumerable<(string Asset, string Network, int Decimals, BigInteger Amount)> amounts) =>
        amounts.GroupBy(a => (a.Asset, a.Network, a.Decimals))
            .Select(g => new AssetTotal(g.Key.Asset, g.Key.Network, g.Key.Decimals, g.Aggregate(BigInteger.Zero, (sum, a) => sum + a.Amount)))
            .OrderBy(t => t.Asset, StringComparer.Ordinal).ThenBy(t => t.Network, StringComparer.Ordinal)
            .ToList();
}
