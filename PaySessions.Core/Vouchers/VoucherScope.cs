using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// What a caller of the voucher API may reach: the payer its own context's sessions, a payee only sessions it
/// opened with that context. Anything else reads as not found.
/// </summary>
internal static class VoucherScope
{
    public static Task<VoucherSession?> FindSessionAsync(PayDbContext db, VoucherPrincipal caller, string sessionId, CancellationToken cancellationToken) =>
        db.VoucherSessions.FirstOrDefaultAsync(
            s => s.PublicId == sessionId && s.ContextId == caller.ContextId && (caller.MerchantId == null || s.MerchantId == caller.MerchantId), cancellationToken);

    public static async Task<(Voucher Voucher, VoucherSession Session)?> FindVoucherAsync(PayDbContext db, VoucherPrincipal caller, string voucherId, CancellationToken cancellationToken)
    {
        var voucher = await db.Vouchers.FirstOrDefaultAsync(v => v.PublicId == voucherId, cancellationToken);
        if (voucher is null)
        {
            return null;
        }

        var session = await db.VoucherSessions.FirstOrDefaultAsync(
            s => s.Id == voucher.VoucherSessionId && s.ContextId == caller.ContextId && (caller.MerchantId == null || s.MerchantId == caller.MerchantId), cancellationToken);
        return session is null ? null : (voucher, session);
    }

    /// <summary>The payment currently backing a redeemed voucher.</summary>
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
