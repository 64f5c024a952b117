using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// <c>discard-voucher</c>: the payee takes a voucher back, canceling its open payment. Checked and changed in one
/// step under the write gate, so it cannot interleave with a resolve of the same voucher.
/// </summary>
public sealed class DiscardVoucher(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public async Task<Result<VoucherView>> ExecuteAsync(VoucherPrincipal payee, string voucherId, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await VoucherScope.FindVoucherAsync(db, payee, voucherId, cancellationToken) is not ({ } voucher, var session))
            {
                return PayError.NotFound("Voucher");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
            if (voucher.Discard(session, payment, now) is { } refused)
            {
                return refused;
            }

            if (voucher.PaySessionId is { } paySessionId && await db.Sessions.FirstOrDefaultAsync(s => s.Id == paySessionId, cancellationToken) is { } paySession)
            {
                paySession.Cancel(now);
                payment?.Cancel(now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(voucher, voucher.Status, session?.PublicId, payment);
        }
    }
}
