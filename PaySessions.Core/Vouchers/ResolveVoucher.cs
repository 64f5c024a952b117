using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// <c>resolve-voucher</c>: the payer hands over 1–5 receipts. They are verified on chain first (no lock held
/// while the node answers); then, under the write gate, the voucher's state is checked again and the voucher is
/// resolved together with the claim rows in one commit. A concurrent discard either wins before (and the resolve
/// is refused) or finds the voucher resolved.
/// </summary>
public sealed class ResolveVoucher(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time, PaymentClaims claims)
{
    public async Task<Result<VoucherView>> ExecuteAsync(VoucherPrincipal payer, string voucherId, ResolveRequest request, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayer(payer, "Resolving a voucher") is { } denied)
        {
            return denied;
        }

        if (request.Receipts is not { Count: >= 1 and <= PaymentClaims.MaxReceipts } receipts)
        {
            return PayError.Validation("receipts", $"Give 1 to {PaymentClaims.MaxReceipts} receipts, each {{ \"txHash\": \"0x…\" }}.");
        }

        Guid paymentId;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await VoucherScope.FindVoucherAsync(read, payer, voucherId, cancellationToken) is not ({ } voucher, _))
            {
                return PayError.NotFound("Voucher");
            }

            var payment = await VoucherScope.PaymentOfAsync(read, voucher, cancellationToken);
            if (voucher.ResolveRefusal(time.GetUtcNow().UtcDateTime, payment?.Status) is { } early)
            {
                return early;
            }

            paymentId = payment!.Id;
        }

        var verified = await claims.VerifyAsync(paymentId, null, receipts.Select(r => r?.TxHash).ToList(), requireMined: true, cancellationToken);
        if (!verified.Ok)
        {
            return verified.Error;
        }

        VoucherView resolved;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var (voucher, session) = (await VoucherScope.FindVoucherAsync(db, payer, voucherId, cancellationToken))!.Value;
            var now = time.GetUtcNow().UtcDateTime;
            var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
            if (payment?.Id != paymentId)
            {
                return PayError.Conflict(ErrorCodes.PaymentClosed, "The voucher's payment changed while the receipts were checked; submit them again.");
            }

            if ((voucher.Resolve(session, payment, now) ?? await PaymentClaims.RecordAsync(db, verified.Value, now, cancellationToken)) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            resolved = new VoucherView(voucher, voucher.Status, session.PublicId, payment);
        }

        var applied = await claims.ApplyAsync(verified.Value, cancellationToken);
        return applied.Ok ? resolved with { Payment = applied.Value.Payment } : applied.Error;
    }
}
