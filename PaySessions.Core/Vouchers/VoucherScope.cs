using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// What a caller of the voucher API may reach: the payer everything made with its contexts; a payee what it made with
/// the one context it signed in to (a store its own sessions and vouchers; an unverified payee those of other
/// unverified payees of the same context, since the code alone is all any of them showed). Anything else reads as not found.
/// </summary>
internal static class VoucherScope
{
    /// <summary>The contexts the caller reaches: all of a payer's; the one a payee signed in to.</summary>
    public static IQueryable<VoucherContext> Contexts(PayDbContext db, VoucherPrincipal caller) => caller.Kind == AccessTokenKind.Payer
        ? db.VoucherContexts.Where(c => c.PayerId == caller.PayerId)
        : db.VoucherContexts.Where(c => c.Id == caller.ContextId);

    public static IQueryable<VoucherSession> Sessions(PayDbContext db, VoucherPrincipal caller)
    {
        var contexts = Contexts(db, caller).Select(c => c.Id);
        return caller.Kind == AccessTokenKind.Payer
            ? db.VoucherSessions.Where(s => contexts.Contains(s.ContextId))
            : db.VoucherSessions.Where(s => s.ContextId == caller.ContextId && s.MerchantId == caller.MerchantId);
    }

    public static IQueryable<Voucher> Vouchers(PayDbContext db, VoucherPrincipal caller)
    {
        var contexts = Contexts(db, caller).Select(c => c.Id);
        return caller.Kind == AccessTokenKind.Payer
            ? db.Vouchers.Where(v => contexts.Contains(v.ContextId))
            : db.Vouchers.Where(v => v.ContextId == caller.ContextId && v.MerchantId == caller.MerchantId);
    }

    public static Task<VoucherContext?> FindContextAsync(PayDbContext db, VoucherPrincipal caller, string contextId, CancellationToken cancellationToken) =>
        caller.Kind == AccessTokenKind.Payer
            ? Contexts(db, caller).FirstOrDefaultAsync(c => c.PublicId == contextId, cancellationToken)
            : Task.FromResult<VoucherContext?>(null);

    public static Task<VoucherSession?> FindSessionAsync(PayDbContext db, VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken) =>
        Sessions(db, caller).FirstOrDefaultAsync(s => s.PublicId == sessionId, cancellationToken);

    /// <summary>The voucher and its session (null for a standalone voucher).</summary>
    public static async Task<(Voucher Voucher, VoucherSession? Session)?> FindVoucherAsync(PayDbContext db, VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken)
    {
        var voucher = await Vouchers(db, caller).FirstOrDefaultAsync(v => v.PublicId == voucherId, cancellationToken);
        if (voucher is null)
        {
            return null;
        }

        var session = voucher.VoucherSessionId is { } sessionId ? await db.VoucherSessions.FirstAsync(s => s.Id == sessionId, cancellationToken) : null;
        return (voucher, session);
    }

    /// <summary>The payment currently backing a redeemed SIMPLE voucher.</summary>
    public static async Task<Payment?> PaymentOfAsync(PayDbContext db, Voucher voucher, CancellationToken cancellationToken)
    {
        if (voucher.PaySessionId is not { } paySessionId)
        {
            return null;
        }

        var transactionId = await db.Sessions.Where(s => s.Id == paySessionId).Select(s => s.TransactionId).FirstOrDefaultAsync(cancellationToken);
        return transactionId is { } id ? await db.Payments.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
    }

    public static PayError? RequirePayee(VoucherPrincipal caller) =>
        caller.Kind == AccessTokenKind.Payee && caller.MerchantId is not null ? null : Unauthorized("This call needs the payee's token from /api/v1/auth/sign-in.");

    public static PayError? RequirePayer(VoucherPrincipal caller, string action) =>
        caller.Kind == AccessTokenKind.Payer ? null : Unauthorized($"{action} needs the payer's token.");

    private static PayError Unauthorized(string message) => new(PayErrorKind.Unauthorized, ErrorCodes.Unauthorized, message);
}
