using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>A page of a list query, newest first: <c>limit</c>/<c>offset</c>, created at or after <c>since</c> and at or before <c>until</c>.</summary>
public sealed record ListQuery(int Limit = ListQuery.DefaultLimit, int Offset = 0, DateTime? Since = null, DateTime? Until = null)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 100;
}

/// <summary>What the voucher screens and the API read: contexts, sessions and vouchers as each party may see them, statuses as of now.</summary>
public sealed class VoucherReads(IDbContextFactory<PayDbContext> dbFactory, TimeProvider time)
{
    public async Task<VoucherContext?> GetContextAsync(VoucherPrincipal caller, string contextId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        return await VoucherScope.FindContextAsync(db, caller, contextId, cancellationToken);
    }

    /// <summary>The payer's contexts, newest first.</summary>
    public async Task<IReadOnlyList<VoucherContext>> QueryContextsAsync(VoucherPrincipal payer, ListQuery query, CancellationToken cancellationToken = default)
    {
        if (payer.Kind != AccessTokenKind.Payer)
        {
            return [];
        }

        await using var db = await ReadOnlyAsync(cancellationToken);
        var contexts = VoucherScope.Contexts(db, payer);
        contexts = query.Since is { } since ? contexts.Where(c => c.CreatedAt >= since) : contexts;
        contexts = query.Until is { } until ? contexts.Where(c => c.CreatedAt <= until) : contexts;
        return await contexts.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.PublicId).Skip(query.Offset).Take(query.Limit).ToListAsync(cancellationToken);
    }

    public async Task<VoucherSessionView?> GetSessionAsync(VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        var session = await VoucherScope.FindSessionAsync(db, caller, sessionId, cancellationToken);
        return session is null ? null : await ViewAsync(db, session, cancellationToken);
    }

    public async Task<VoucherView?> GetVoucherAsync(VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        return await VoucherScope.FindVoucherAsync(db, caller, voucherId, cancellationToken) is ({ } voucher, var session)
            ? await ViewAsync(db, voucher, session?.PublicId, time.GetUtcNow().UtcDateTime, cancellationToken)
            : null;
    }

    /// <summary>The caller's vouchers, newest first, optionally only those with <paramref name="status"/> as of now.</summary>
    public async Task<IReadOnlyList<VoucherView>> QueryVouchersAsync(VoucherPrincipal caller, ListQuery query, VoucherStatus? status, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var vouchers = WithStatus(db, VoucherScope.Vouchers(db, caller), status, now);
        vouchers = query.Since is { } since ? vouchers.Where(v => v.CreatedAt >= since) : vouchers;
        vouchers = query.Until is { } until ? vouchers.Where(v => v.CreatedAt <= until) : vouchers;
        var page = await vouchers.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.PublicId).Skip(query.Offset).Take(query.Limit).ToListAsync(cancellationToken);
        var sessionIds = page.Select(v => v.VoucherSessionId).OfType<Guid>().Distinct().ToList();
        var sessions = await db.VoucherSessions.Where(s => sessionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.PublicId, cancellationToken);
        var views = new List<VoucherView>();
        foreach (var voucher in page)
        {
            views.Add(await ViewAsync(db, voucher, voucher.VoucherSessionId is { } id ? sessions[id] : null, now, cancellationToken));
        }

        return views;
    }

    /// <summary>The payer's wallet: every session payees opened with its contexts and every standalone voucher, newest first.</summary>
    public async Task<PayerWalletView> WalletOfAsync(VoucherPrincipal payer, CancellationToken cancellationToken = default)
    {
        await using var db = await ReadOnlyAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var found = await VoucherScope.Sessions(db, payer).OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
        var sessions = new List<VoucherSessionView>();
        foreach (var session in found)
        {
            sessions.Add(await ViewAsync(db, session, cancellationToken));
        }

        var standalone = new List<(PayeeView, VoucherView)>();
        foreach (var voucher in await VoucherScope.Vouchers(db, payer).Where(v => v.VoucherSessionId == null).OrderByDescending(v => v.CreatedAt).ToListAsync(cancellationToken))
        {
            var view = await ViewAsync(db, voucher, null, now, cancellationToken);
            standalone.Add((view.Payee!, view));
        }

        return new PayerWalletView(sessions, standalone);
    }

    private static IQueryable<Voucher> WithStatus(PayDbContext db, IQueryable<Voucher> vouchers, VoucherStatus? status, DateTime now)
    {
        // A SIMPLE voucher whose payment expired unpaid reads EXPIRED, as does a CUSTOM one past its time or a stale reservation.
        var expiredPayments = db.Payments.Where(p => p.Status == PaymentStatus.Expired).Select(p => p.Id);
        var expiredPaySessions = db.Sessions.Where(s => s.TransactionId != null && expiredPayments.Contains(s.TransactionId.Value)).Select(s => (Guid?)s.Id);
        return status switch
        {
            VoucherStatus.Reserved => vouchers.Where(v => v.Status == VoucherStatus.Reserved && v.ExpiresAt > now),
            VoucherStatus.Redeemed => vouchers.Where(v => v.Status == VoucherStatus.Redeemed
                && (v.Type == VoucherType.Simple ? !expiredPaySessions.Contains(v.PaySessionId) : v.ExpiresAt > now)),
            VoucherStatus.Expired => vouchers.Where(v => (v.Status == VoucherStatus.Reserved && v.ExpiresAt <= now)
                || (v.Status == VoucherStatus.Redeemed && (v.Type == VoucherType.Simple ? expiredPaySessions.Contains(v.PaySessionId) : v.ExpiresAt <= now))),
            { } stored => vouchers.Where(v => v.Status == stored),
            null => vouchers,
        };
    }

    private async Task<VoucherSessionView> ViewAsync(PayDbContext db, VoucherSession session, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var vouchers = await db.Vouchers.Where(v => v.VoucherSessionId == session.Id).OrderBy(v => v.CreatedAt).ToListAsync(cancellationToken);
        var views = new List<VoucherView>();
        foreach (var voucher in vouchers)
        {
            views.Add(await ViewAsync(db, voucher, session.PublicId, now, cancellationToken));
        }

        return new VoucherSessionView(session, await PayeeAsync(db, session.MerchantId, cancellationToken), views);
    }

    private static async Task<VoucherView> ViewAsync(PayDbContext db, Voucher voucher, string? sessionId, DateTime now, CancellationToken cancellationToken)
    {
        var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
        return new VoucherView(voucher, voucher.StatusAt(now, payment?.Status), sessionId, payment, await PayeeAsync(db, voucher.MerchantId, cancellationToken));
    }

    private static async Task<PayeeView> PayeeAsync(PayDbContext db, Guid merchantId, CancellationToken cancellationToken) =>
        merchantId == UnverifiedPayees.MerchantId
            ? new PayeeView(merchantId, null)
            : new PayeeView(merchantId, await db.Merchants.Where(m => m.Id == merchantId).Select(m => m.Name).FirstAsync(cancellationToken));

    private async Task<PayDbContext> ReadOnlyAsync(CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return db;
    }
}
