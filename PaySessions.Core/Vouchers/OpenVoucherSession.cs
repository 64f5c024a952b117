using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary><c>session-open</c>: a payee signed in with a payer's code opens a session with that payer's context.</summary>
public sealed class OpenVoucherSession(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public async Task<Result<VoucherSession>> ExecuteAsync(VoucherPrincipal payee, SessionOpenRequest request, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        if (request.Type is { } type && type != "SESSION_DEFAULT")
        {
            return PayError.Validation("type", "type must be SESSION_DEFAULT (the only session type).");
        }

        var code = request.Code?.Trim().ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var context = await db.VoucherContexts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == payee.ContextId, cancellationToken);
            if (context is null || !context.Open || context.Code != code)
            {
                return new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidCode, "The code is not the open payer context this token was issued for.");
            }

            var session = VoucherSession.OpenFor(context, payee.MerchantId!.Value, "ses_" + VoucherAuth.NewId(), VoucherAuth.NewCode(), time.GetUtcNow().UtcDateTime);
            db.VoucherSessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
            return session;
        }
    }
}
