using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>What became of a claim: verified on chain now, or waiting for the transaction to be mined.</summary>
public sealed record ClaimOutcome(Payment Payment, bool Mined);

/// <summary>
/// A payer hands over the hash of the transaction that pays a payment (browser wallet, voucher receipt).
/// The server trusts nothing it was told: it reads the receipt from the payment's own network and checks the
/// token, the recipient, the amount and the receipt's status before the transfer may pay anything.
/// </summary>
public sealed class PaymentClaims(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, RpcClients rpcClients, ChainHeads heads, PaymentLedger ledger)
{
    public async Task<Result<ClaimOutcome>> ClaimAsync(Guid paymentId, Guid? merchantId, string? txHash, CancellationToken cancellationToken = default)
    {
        if (!Hex.IsTxHash(txHash))
        {
            return PayError.Validation("txHash", "txHash must be a 0x-prefixed 32-byte transaction hash (66 characters).");
        }

        var hash = txHash!.ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId && (merchantId == null || p.MerchantId == merchantId), cancellationToken);
        if (payment is null)
        {
            return PayError.NotFound("Transaction");
        }

        if (await UsedElsewhereAsync(db, payment, hash, cancellationToken))
        {
            return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {hash} already pays another payment.");
        }

        if (payment.ClaimedTxHash == hash || payment.TxHash == hash)
        {
            return new ClaimOutcome(payment, payment.Paid > 0);
        }

        if (!payment.HoldsAmount || payment.Status is PaymentStatus.Succeeded or PaymentStatus.Failed)
        {
            return PayError.Conflict(ErrorCodes.PaymentClosed, $"The transaction is {payment.Status.ToString().ToLowerInvariant()} and takes no further transfer.");
        }

        var rpc = rpcClients.For(payment.Network);
        if (rpc is null)
        {
            return new PayError(PayErrorKind.Unavailable, ErrorCodes.ChainUnavailable, $"No RPC is configured for {payment.Network}.");
        }

        Receipt? receipt;
        try
        {
            receipt = await rpc.GetReceiptAsync(hash, cancellationToken);
        }
        catch (Exception ex) when (ex is RpcUnavailableException or RpcErrorException)
        {
            return new PayError(PayErrorKind.Unavailable, ErrorCodes.ChainUnavailable, $"{payment.Network} cannot be reached right now; retry shortly.");
        }

        if (receipt is not null && Verify(payment, receipt) is { } refused)
        {
            return refused;
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            // Re-checked under the gate: two claims of one hash racing each other cannot both win.
            if (await UsedElsewhereAsync(db, payment, hash, cancellationToken))
            {
                return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {hash} already pays another payment.");
            }

            var tracked = await db.Payments.FirstAsync(p => p.Id == payment.Id, cancellationToken);
            tracked.ClaimedTxHash = hash;
            await db.SaveChangesAsync(cancellationToken);
        }

        if (receipt is null)
        {
            // Not mined yet: the monitor recognises it by its hash when it lands.
            return new ClaimOutcome(payment, false);
        }

        var logs = receipt.Transfers.Where(t => t.Token == payment.TokenContract && t.To == payment.Recipient).ToList();
        var head = Math.Max(heads.Get(payment.Network)?.Number ?? receipt.BlockNumber, receipt.BlockNumber);
        var blockTimes = new Dictionary<long, DateTime>();
        if (await rpc.GetBlockAsync(receipt.BlockNumber, cancellationToken) is { } block)
        {
            blockTimes[block.Number] = block.Timestamp;
        }

        await ledger.RecordAsync(payment.Network, logs, blockTimes, head, cancellationToken);
        var updated = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == payment.Id, cancellationToken);
        if (updated.TxHash != hash && updated.Paid.IsZero)
        {
            // The monitor had already given this transfer to another payment a moment ago.
            return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {hash} already pays another payment.");
        }

        return new ClaimOutcome(updated, true);
    }

    private static PayError? Verify(Payment payment, Receipt receipt)
    {
        if (!receipt.Succeeded)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferFailed, $"Transaction {receipt.TxHash} failed on chain (receipt status 0); it moved no funds.");
        }

        var toRecipient = receipt.Transfers.Where(t => t.Token == payment.TokenContract && t.To == payment.Recipient).ToList();
        if (toRecipient.Count == 0)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferMismatch,
                $"Transaction {receipt.TxHash} does not transfer {payment.Asset} ({payment.TokenContract}) on {payment.Network} to {payment.Recipient}.");
        }

        var value = toRecipient.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Value);
        var owed = payment.Amount - payment.Paid;
        if (value < owed)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferMismatch,
                $"Transaction {receipt.TxHash} sends {TokenAmount.Format(value, payment.Decimals)} {payment.Asset}; the payment asks {TokenAmount.Format(owed, payment.Decimals)}.");
        }

        return null;
    }

    private static async Task<bool> UsedElsewhereAsync(PayDbContext db, Payment payment, string hash, CancellationToken cancellationToken) =>
        await db.Payments.AnyAsync(p => p.Id != payment.Id && p.ClaimedTxHash == hash, cancellationToken)
        || await db.ChainTransfers.AnyAsync(t => t.TxHash == hash && t.PaymentId != null && t.PaymentId != payment.Id, cancellationToken);
}
