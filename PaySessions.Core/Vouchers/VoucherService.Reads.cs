using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>What the voucher screens and the API read: sessions and vouchers as each party may see them.</summary>
public sealed partial class VoucherService
{
    public async Task<VoucherSessionView?> GetSessionAsync(VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await FindSessionAsync(db, caller, sessionId, cancellationToken);
        return session is null ? null : await ViewAsync(db, session, cancellationToken);
    }

    public async Task<VoucherView?> GetVoucherAsync(VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (voucher, session) = await FindVoucherAsync(db, caller, voucherId, cancellationToken);
        if (voucher is null || session is null)
        {
            return null;
        }

        var payment = await PaymentOfAsync(db, voucher, cancellationToken);
        return new VoucherView(voucher, voucher.StatusAt(time.GetUtcNow().UtcDateTime, payment?.Status), session.PublicId, payment);
    }

    /// <summary>The payer's wallet: every session payees opened with its context, newest first.</summary>
    public async Task<IReadOnlyList<VoucherSessionView>> SessionsOfContextAsync(VoucherPrincipal payer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.VoucherSessions.AsNoTracking().Where(s => s.ContextId == payer.ContextId).OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
        var views = new List<VoucherSessionView>();
        foreach (var session in found)
        {
            views.Add(await ViewAsync(db, session, cancellationToken));
        }

        return views;
    }

    private async Task<VoucherSessionView> ViewAsync(PayDbContext db, VoucherSession session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var merchantName = await db.Merchants.Where(m => m.Id == session.MerchantId).Select(m => m.Name).FirstAsync(cancellationToken);
        var vouchers = await db.Vouchers.AsNoTracking().Where(v => v.VoucherSessionId == session.Id).OrderBy(v => v.CreatedAt).ToListAsync(cancellationToken);
        var views = new List<VoucherView>();
        foreach (var voucher in vouchers)
        {
            var payment = await PaymentOfAsync(db, voucher, cancellationToken);
            views.Add(new VoucherView(voucher, voucher.StatusAt(now, payment?.Status), session.PublicId, payment));
        }

        return new VoucherSessionView(session, merchantName, views);
    }

    /// <summary>A session the caller may see: the payer's own context's, or the payee's own (same merchant, same context).</summary>
    private static Task<VoucherSession?> FindSessionAsync(PayDbContext db, VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken) =>
        db.VoucherSessions.FirstOrDefaultAsync(
            s => s.PublicId == sessionId && s.ContextId == caller.ContextId && (caller.MerchantId == null || s.MerchantId == caller.MerchantId), cancellationToken);

    private static async Task<(Voucher? Voucher, VoucherSession? Session)> FindVoucherAsync(PayDbContext db, VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken)
    {
        var voucher = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(v => v.PublicId == voucherId, cancellationToken);
        if (voucher is null)
        {
            return (null, null);
        }

        var session = await db.VoucherSessions.AsNoTracking().FirstOrDefaultAsync(
            s => s.Id == voucher.VoucherSessionId && s.ContextId == caller.ContextId && (caller.MerchantId == null || s.MerchantId == caller.MerchantId), cancellationToken);
        return session is null ? (null, null) : (voucher, session);
    }

    private static async Task<Payment?> PaymentOfAsync(PayDbContext db, Voucher voucher, CancellationToken cancellationToken)
    {
        if (voucher.PaySessionId is not { } paySessionId)
        {
            return null;
        }

        var transactionId = await db.Sessions.Where(s => s.Id == paySessionId).Select(s => s.TransactionId).FirstOrDefaultAsync(cancellationToken);
        return transactionId is { } id ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
    }
}
