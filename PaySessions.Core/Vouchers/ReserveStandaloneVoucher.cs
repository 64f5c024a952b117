using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

public sealed record ReserveRequest(string? Code = null);

/// <summary>
/// <c>POST /api/v1/vouchers/reserve-voucher</c>: a payee reserves a voucher outside any session with the payer's context
/// code (the one its token was issued for). The voucher then lives as a session's would: redeem, negotiate, resolve, discard.
/// </summary>
public sealed class ReserveStandaloneVoucher(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public async Task<Result<Voucher>> ExecuteAsync(VoucherPrincipal payee, ReserveRequest request, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        if (request.Code is not { Length: > 0 and <= 20 })
        {
            return PayError.Validation("code", "code is required: the context code the payer's wallet shows.");
        }

        var code = request.Code.Trim().ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var context = await db.VoucherContexts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == payee.ContextId, cancellationToken);
            if (context is null || context.Code != code)
            {
                return new PayError(PayErrorKind.Invalid, ErrorCodes.InvalidCode, "The code is not the payer context this token was issued for.");
            }

            var reserved = Voucher.ReserveStandalone(context, payee.MerchantId!.Value, await ReserveVoucher.FreeCodeAsync(db, cancellationToken), time.GetUtcNow().UtcDateTime);
            if (!reserved.Ok)
            {
                return reserved.Error;
            }

            db.Vouchers.Add(reserved.Value);
            await db.SaveChangesAsync(cancellationToken);
            return reserved.Value;
        }
    }
}
