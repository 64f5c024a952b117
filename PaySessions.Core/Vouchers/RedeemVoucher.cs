using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// <c>redeem-voucher</c>: the payee says what the voucher pays. The body decides the type: <c>expectedPayment</c> makes
/// it SIMPLE (the voucher, its pay session and its payment are created in one commit: if the payment cannot be opened,
/// the voucher stays reserved); <c>networks</c>/<c>payments</c>/<c>extras</c> make it CUSTOM (one transaction the
/// payer's wallet sends). Both at once is refused.
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

        var custom = request.Networks is not null || request.Payments is not null || request.Extras is not null;
        if (custom && request.ExpectedPayment is not null)
        {
            return PayError.Validation("expectedPayment",
                "Send either expectedPayment (a SIMPLE voucher) or networks and payments (a CUSTOM voucher), not both.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await VoucherScope.FindVoucherAsync(db, payee, voucherId, cancellationToken) is not ({ } voucher, var session))
            {
                return PayError.NotFound("Voucher");
            }

            var now = time.GetUtcNow().UtcDateTime;
            Payment? payment = null;
            if (custom)
            {
                if (await RedeemCustomInAsync(db, session, voucher, request, now, cancellationToken) is { } refused)
                {
                    return refused;
                }
            }
            else
            {
                var opened = await RedeemInAsync(db, session, voucher, request.ExpectedPayment, now, cancellationToken);
                if (!opened.Ok)
                {
                    return opened.Error;
                }

                payment = opened.Value;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(voucher, voucher.Status, session?.PublicId, payment);
        }
    }

    /// <summary>SIMPLE: validates the expected payment and redeems inside the caller's gate; saves nothing, so a refusal leaves no trace.</summary>
    internal async Task<Result<Payment>> RedeemInAsync(
        PayDbContext db, VoucherSession? session, Voucher voucher, ExpectedPaymentRequest? request, DateTime now, CancellationToken cancellationToken)
    {
        var validated = ExpectedPaymentRules.Check(request, catalog, options.Value.MaxAmount);
        if (!validated.Ok)
        {
            return validated.Error;
        }

        var (expected, asset, amount) = validated.Value;
        var merchant = await db.Merchants.AsNoTracking().Include(m => m.Wallets).FirstAsync(m => m.Id == voucher.MerchantId, cancellationToken);
        var paySession = PaySession.OpenForVoucher(merchant, voucher.Code, voucher.PublicId, amount, asset.Peg, asset.Network.Name, expected.Wallet, now);
        if (voucher.Redeem(session, paySession, expected, now) is { } refused)
        {
            return refused;
        }

        db.Sessions.Add(paySession);
        return await opening.OpenAsync(db, paySession, merchant, asset.Symbol, asset.Network.Name, now, cancellationToken);
    }

    /// <summary>CUSTOM: the transaction to send, payable as long as a SIMPLE voucher of the same payee would be.</summary>
    private async Task<PayError?> RedeemCustomInAsync(
        PayDbContext db, VoucherSession? session, Voucher voucher, RedeemRequest request, DateTime now, CancellationToken cancellationToken)
    {
        var call = CustomCallRules.Check(request, catalog);
        if (!call.Ok)
        {
            return call.Error;
        }

        var minutes = await db.Merchants.Where(m => m.Id == voucher.MerchantId).Select(m => m.ExpirationMinutes).FirstAsync(cancellationToken);
        return voucher.RedeemCustom(session, call.Value, now.AddMinutes(minutes), now);
    }
}
