using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary><c>session-join</c>: the payer accepts a session a payee opened with its code. Joining twice changes nothing.</summary>
public sealed class JoinVoucherSession(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public async Task<Result<VoucherSession>> ExecuteAsync(VoucherPrincipal payer, string sessionId, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayer(payer, "Joining a session") is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var session = await VoucherScope.FindSessionAsync(db, payer, sessionId, cancellationToken);
            if (session is null)
            {
                return PayError.NotFound("Session");
            }

            if (session.Join(time.GetUtcNow().UtcDateTime) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            return session;
        }
    }
}
