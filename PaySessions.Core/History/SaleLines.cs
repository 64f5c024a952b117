using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.History;

/// <summary>One payment opened for a sale, with what the chain paid into it (base units).</summary>
public sealed record SalePayment(
    Guid Id, string Asset, string Network, int Decimals, BigInteger Amount, BigInteger Paid, PaymentStatus Status, PaymentException Exception);

/// <summary>
/// A sale (session) as the reports and the cashier's own list read it: its fiat price, who rang it up, its status at
/// the time of reading, and every payment opened for it (the customer may have switched assets, or paid twice).
/// </summary>
public sealed record SaleLine(
    Guid SessionId, DateTime CreatedAt, SessionKind Kind, PaymentStatus Status, decimal Amount, string Currency, string Descriptor,
    Guid? CashierId, Guid? TransactionId, IReadOnlyList<SalePayment> Payments)
{
    public bool IsPaid => Status == PaymentStatus.Succeeded;

    /// <summary>The session's current transaction: the payment that paid it, or the customer's latest choice.</summary>
    public SalePayment? Transaction => Payments.FirstOrDefault(p => p.Id == TransactionId);
}

/// <summary>Reads a store's sales rung up within a period, with their payments: two indexed queries, no per-row round trips.</summary>
public static class SaleLines
{
    /// <param name="cashierId">Only this cashier's sales; null for every sale of the store, API sales included.</param>
    /// <param name="newestFirst">Read at most this many, newest first; null for all of them, oldest first.</param>
    public static async Task<IReadOnlyList<SaleLine>> ReadAsync(
        PayDbContext db, Guid storeId, ReportPeriod period, DateTime now, Guid? cashierId = null, int? newestFirst = null,
        CancellationToken cancellationToken = default)
    {
        var sessions = db.Sessions.AsNoTracking()
            .Where(s => s.MerchantId == storeId && s.CreatedAt >= period.FromUtc && s.CreatedAt < period.ToUtc)
            .Where(s => cashierId == null || s.CashierId == cashierId);
        sessions = newestFirst is { } limit ? sessions.OrderByDescending(s => s.CreatedAt).Take(limit) : sessions.OrderBy(s => s.CreatedAt);
        var read = await sessions.ToListAsync(cancellationToken);
        if (read.Count == 0)
        {
            return [];
        }

        var ids = read.Select(s => s.Id).ToList();
        var payments = (await db.Payments.AsNoTracking()
                .Where(p => p.MerchantId == storeId && ids.Contains(p.SessionId))
                .OrderBy(p => p.CreatedAt)
                .ToListAsync(cancellationToken))
            .ToLookup(p => p.SessionId, p => new SalePayment(
                p.Id, p.Asset, p.Network, p.Decimals, p.Amount, p.Paid, p.StatusAt(now), p.ExceptionStatus));
        return read.Select(s => new SaleLine(
                s.Id, s.CreatedAt, s.Kind, s.StatusAt(now), s.Amount, s.AmountCurrency, s.Descriptor, s.CashierId, s.TransactionId, [.. payments[s.Id]]))
            .ToList();
    }
}
