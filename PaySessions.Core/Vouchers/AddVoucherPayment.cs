using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// The cashier's "add payment" on the multi-payment screen: reserve a voucher and redeem it with what to pay, as
/// one step. Either both happen or nothing is stored.
/// </summary>
public sealed class AddVoucherPayment(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time, RedeemVoucher redeem)
{
    public async Task<Result<VoucherView>> ExecuteAsync(VoucherPrincipal payee, string sessionId, ExpectedPaymentRequest expected, CancellationToken cancellationToken = default)
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

            var now = time.GetUtcNow().UtcDateTime;
            var reserved = await ReserveVoucher.ReserveInAsync(db, session, now, cancellationToken);
            if (!reserved.Ok)
            {
                return reserved.Error;
            }

            var payment = await redeem.RedeemInAsync(db, session, reserved.Value, expected, now, cancellationToken);
            if (!payment.Ok)
            {
                return payment.Error;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(reserved.Value, reserved.Value.Status, session.PublicId, payment.Value);
        }
    }
}
