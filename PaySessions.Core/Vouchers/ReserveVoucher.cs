using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary><c>reserve-voucher</c>: the payee reserves a voucher (a six-digit code) in an open session.</summary>
public sealed class ReserveVoucher(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public async Task<Result<Voucher>> ExecuteAsync(VoucherPrincipal payee, string sessionId, CancellationToken cancellationToken = default)
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

            var reserved = await ReserveInAsync(db, session, time.GetUtcNow().UtcDateTime, cancellationToken);
            if (reserved.Ok)
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            return reserved;
        }
    }

    /// <summary>Reserves under a code no other voucher has, inside the caller's gate; saves nothing.</summary>
    internal static async Task<Result<Voucher>> ReserveInAsync(PayDbContext db, VoucherSession session, DateTime now, CancellationToken cancellationToken)
    {
        var reserved = session.Reserve(await FreeCodeAsync(db, cancellationToken), now);
        if (reserved.Ok)
        {
            db.Vouchers.Add(reserved.Value);
        }

        return reserved;
    }

    /// <summary>A voucher code no voucher has yet (its id is <c>vch_</c> and the code).</summary>
    internal static async Task<string> FreeCodeAsync(PayDbContext db, CancellationToken cancellationToken)
    {
        var code = Voucher.NewCode(0);
        for (var attempt = 1; await db.Vouchers.AnyAsync(v => v.PublicId == "vch_" + code, cancellationToken); attempt++)
        {
            code = Voucher.NewCode(attempt);
        }

        return code;
    }
}
