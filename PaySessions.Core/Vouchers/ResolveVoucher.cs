using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Vouchers;

/// <summary>
/// <c>resolve-voucher</c>: the payer hands over 1–5 receipts, each naming the voucher's payment (<c>paymentId</c>, as the
/// reference sends it) and, our extension, the transaction (<c>txHash</c>).
/// <list type="bullet">
/// <item>SIMPLE with a hash: the transfers are verified on chain first (no lock held while the node answers); then, under
/// the write gate, the voucher's state is checked again and the voucher is resolved together with the claim rows in one
/// commit. A concurrent discard either wins before (and the resolve is refused) or finds the voucher resolved.</item>
/// <item>SIMPLE with only the payment id: resolved at once when the chain already shows a transfer paying it (matched by
/// its unique amount); otherwise the receipt is remembered, the answer is still REDEEMED, and the voucher resolves by
/// itself when the chain monitor sees the transfer.</item>
/// <item>CUSTOM: the hash is required; the transaction must be exactly the one asked for, sent by one of the context's payers.</item>
/// </list>
/// </summary>
public sealed class ResolveVoucher(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time, PaymentClaims claims)
{
    public async Task<Result<VoucherView>> ExecuteAsync(VoucherPrincipal payer, string voucherId, ResolveRequest request, CancellationToken cancellationToken = default)
    {
        if (VoucherScope.RequirePayer(payer, "Resolving a voucher") is { } denied)
        {
            return denied;
        }

        if (request.Receipts is not { Count: >= 1 and <= PaymentClaims.MaxReceipts } receipts || receipts.Any(r => r is null))
        {
            return PayError.Validation("receipts", $"Give 1 to {PaymentClaims.MaxReceipts} receipts, each {{ \"paymentId\": \"pay_…\" }} (and optionally \"txHash\": \"0x…\").");
        }

        Voucher found;
        Payment? payment;
        IReadOnlyCollection<string> senders;
        await using (var read = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await VoucherScope.FindVoucherAsync(read, payer, voucherId, cancellationToken) is not ({ } voucher, var session))
            {
                return PayError.NotFound("Voucher");
            }

            payment = await VoucherScope.PaymentOfAsync(read, voucher, cancellationToken);
            if (voucher.ResolveRefusal(time.GetUtcNow().UtcDateTime, payment?.Status) is { } early)
            {
                return early;
            }

            var paymentId = new VoucherView(voucher, voucher.Status, session?.PublicId, payment).PaymentId;
            for (var i = 0; i < receipts.Count; i++)
            {
                // A receipt names the payment; one with only a txHash (our earlier form) is taken as naming the current one.
                if (receipts[i]!.PaymentId is { } named ? named != paymentId : receipts[i]!.TxHash is null)
                {
                    return PayError.Validation($"receipts[{i}].paymentId", $"paymentId must be the voucher's payment, {paymentId} (GET the voucher: payments[].id).");
                }
            }

            senders = await read.VoucherContexts.Where(c => c.Id == voucher.ContextId).Select(c => c.Payers).FirstAsync(cancellationToken);
            found = voucher;
        }

        var hashes = receipts.Select(r => r!.TxHash).Where(h => h is not null).ToList();
        return found.Type == VoucherType.Custom
            ? await ResolveCallAsync(payer, found, hashes, senders, cancellationToken)
            : hashes.Count == 0
                ? await SubmitReceiptAsync(payer, voucherId, payment!.Id, cancellationToken)
                : await ResolveWithTransfersAsync(payer, voucherId, payment!.Id, hashes, cancellationToken);
    }

    private async Task<Result<VoucherView>> ResolveWithTransfersAsync(VoucherPrincipal payer, string voucherId, Guid paymentId, IReadOnlyList<string?> hashes, CancellationToken cancellationToken)
    {
        var verified = await claims.VerifyAsync(paymentId, null, hashes, requireMined: true, cancellationToken);
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
            resolved = new VoucherView(voucher, voucher.Status, session?.PublicId, payment);
        }

        var applied = await claims.ApplyAsync(verified.Value, cancellationToken);
        return applied.Ok ? resolved with { Payment = applied.Value.Payment } : applied.Error;
    }

    private async Task<Result<VoucherView>> SubmitReceiptAsync(VoucherPrincipal payer, string voucherId, Guid paymentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var (voucher, session) = (await VoucherScope.FindVoucherAsync(db, payer, voucherId, cancellationToken))!.Value;
            var now = time.GetUtcNow().UtcDateTime;
            var payment = await VoucherScope.PaymentOfAsync(db, voucher, cancellationToken);
            if (payment?.Id != paymentId)
            {
                return PayError.Conflict(ErrorCodes.PaymentClosed, "The voucher's payment changed meanwhile; GET the voucher and submit its current payment id.");
            }

            if (voucher.SubmitReceipt(session, payment, VoucherPayments.IdOf(payment), now) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(voucher, voucher.StatusAt(now, payment.Status), session?.PublicId, payment);
        }
    }

    private async Task<Result<VoucherView>> ResolveCallAsync(
        VoucherPrincipal payer, Voucher voucher, IReadOnlyList<string?> hashes, IReadOnlyCollection<string> senders, CancellationToken cancellationToken)
    {
        if (hashes.Distinct().Count() != 1)
        {
            return PayError.Validation("receipts", "A CUSTOM voucher is resolved by the one transaction it asks for: send its txHash with the paymentId.");
        }

        var call = voucher.Call!;
        var expected = new ExpectedCall(call.To, call.Data, BigInteger.Parse(call.Value, System.Globalization.CultureInfo.InvariantCulture));
        var verified = await claims.VerifyCallAsync(call.Networks.Select(n => n.Network).ToList(), hashes[0], expected, senders, voucher.CreatedAt, cancellationToken);
        if (!verified.Ok)
        {
            return verified.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var (current, session) = (await VoucherScope.FindVoucherAsync(db, payer, voucher.PublicId, cancellationToken))!.Value;
            var now = time.GetUtcNow().UtcDateTime;
            if ((current.ResolveCall(session, verified.Value.Network, verified.Value.TxHash, now) ?? await PaymentClaims.RecordCallAsync(db, verified.Value, cancellationToken)) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new VoucherView(current, current.Status, session?.PublicId, null);
        }
    }
}
