using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>What the voucher screens and the API read: sessions and vouchers as each party may see them, statuses as of now.</summary>
public sealed class VoucherReads(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time)
{
    public async Task<VoucherSessionView?> GetSessionAsync(VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        var session = await VoucherScope.FindSessionAsync(db, caller, sessionId, cancellationToken);
        return session is null ? null : await ViewAsync(db, session, cancellationToken);
    }

    public async Task<VoucherView?> GetVoucherAsync(VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        if (await VoucherScope.FindVoucherAsync(db, caller, voucherId, cancellationToken) is not ({ } voucher, { } session))
        {
            return null;
        }

        var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
        return new VoucherView(voucher, voucher.StatusAt(time.GetUtcNow().UtcDateTime, payment?.Status), session.PublicId, payment);
    }

    /// <summary>The payer's wallet: every session payees opened with its context, newest first.</summary>
    public async Task<IReadOnlyList<VoucherSessionView>> SessionsOfContextAsync(VoucherPrincipal payer, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        var found = await db.VoucherSessions.Where(s => s.ContextId == payer.ContextId).OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
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
        var vouchers = await db.Vouchers.Where(v => v.VoucherSessionId == session.Id).OrderBy(v => v.CreatedAt).ToListAsync(cancellationToken);
        var views = new List<VoucherView>();
        foreach (var voucher in vouchers)
        {
            var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
            views.Add(new VoucherView(voucher, voucher.StatusAt(now, payment?.Status), session.PublicId, payment));
        }

        return new VoucherSessionView(session, merchantName, views);
    }

    private async Task<PayDbContext> ReadOnlyAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return db;
    }
}
