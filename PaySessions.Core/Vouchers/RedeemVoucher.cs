using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// <c>redeem-voucher</c>: the payee says what the voucher pays. The voucher, its pay session and its payment are
/// created in one commit: if the payment cannot be opened, the voucher stays reserved.
/// </summary>
public sealed class RedeemVoucher(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time, NetworkCatalog catalog, PaymentOpening opening, IOptions<SessionOptions> options)
{
    public async Task<Result<VoucherView>> ExecuteAsync(VoucherPrincipal payee, string voucherId, RedeemRequest request, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayee(payee) is { } denied)
        {
            return denied;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await VoucherScope.FindVoucherAsync(db, payee, voucherId, cancellationToken) is not ({ } voucher, { } session))
            {
                return PayError.NotFound("Voucher");
            }

            var payment = await RedeemInAsync(db, session, voucher, request.ExpectedPayment, time.GetUtcNow().UtcDateTime, cancellationToken);
            if (!payment.Ok)
            {
                return payment.Error;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(voucher, voucher.Status, session.PublicId, payment.Value);
        }
    }

    /// <summary>Validates the expected payment and redeems inside the caller's gate; saves nothing, so a refusal leaves no trace.</summary>
    internal async Task<Result<Payment>> RedeemInAsync(
        PayDbContext db, VoucherSession session, Voucher voucher, ExpectedPaymentRequest? request, DateTime now, CancellationToken cancellationToken)
    {
        var validated = ExpectedPaymentRules.Check(request, catalog, options.Value.MaxAmount);
        if (!validated.Ok)
        {
            return validated.Error;
        }

        var (expected, asset, amount) = validated.Value;
        var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == session.MerchantId, cancellationToken);
        var paySession = PaySession.OpenForVoucher(merchant, voucher.Code, voucher.PublicId, amount, asset.Peg, asset.Network.Name, expected.Wallet, now);
        if (voucher.Redeem(session, paySession, expected, now) is { } refused)
        {
            return refused;
        }

        db.Sessions.Add(paySession);
        return await opening.OpenAsync(db, paySession, merchant, asset.Symbol, asset.Network.Name, now, cancellationToken);
    }
}
