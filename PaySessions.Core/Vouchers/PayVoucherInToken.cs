using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// FX for SIMPLE vouchers: the payer pays a redeemed, unpaid voucher in another token of its network, priced from
/// the expected amount through the configured rates. The expected payment stays as the payee set it.
/// </summary>
public sealed class PayVoucherInToken(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time, PaymentOpening opening)
{
    public async Task<Result<VoucherView>> ExecuteAsync(VoucherPrincipal payer, string voucherId, string? asset, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayer(payer, "Choosing how to pay") is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(asset) || asset.Length > 20)
        {
            return PayError.Validation("asset", "asset is required, e.g. USDC.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await VoucherScope.FindVoucherAsync(db, payer, voucherId, cancellationToken) is not ({ } voucher, { } session))
            {
                return PayError.NotFound("Voucher");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
            var status = voucher.StatusAt(now, payment?.Status);
            if (status != VoucherStatus.Redeemed || payment is null || !payment.Paid.IsZero)
            {
                return status == VoucherStatus.Reserved
                    ? PayError.Conflict(ErrorCodes.NotRedeemed, "The voucher is not redeemed yet.")
                    : PayError.Conflict(ErrorCodes.PaymentClosed, "The voucher is no longer waiting for a payment.");
            }

            var paySession = await db.Sessions.FirstAsync(s => s.Id == voucher.PaySessionId, cancellationToken);
            var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == session.MerchantId, cancellationToken);
            var picked = await opening.OpenAsync(db, paySession, merchant, asset, voucher.Network!, now, cancellationToken);
            if (!picked.Ok)
            {
                return picked.Error;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(voucher, status, session.PublicId, picked.Value);
        }
    }
}
