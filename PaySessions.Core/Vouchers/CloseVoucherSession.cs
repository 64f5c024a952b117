using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary><c>session-close</c>: vouchers still only reserved are discarded; redeemed ones keep their payment open until it settles or expires.</summary>
public sealed class CloseVoucherSession(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public async Task<Result<VoucherSession>> ExecuteAsync(VoucherPrincipal payee, string sessionId, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var session = await VoucherScope.FindSessionAsync(db, payee, sessionId, cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            var reserved = await db.Vouchers.Where(v => v.VoucherSessionId == session.Id && v.Status == VoucherStatus.Reserved).ToListAsync(cancellationToken);
            if (session.Close(reserved, time.GetUtcNow().UtcDateTime) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            return session;
        }
    }
}
