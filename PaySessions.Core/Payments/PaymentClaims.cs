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
/// A payer hands over the transaction(s) that pay a payment (browser wallet, voucher receipts). The server
/// trusts nothing it was told: it reads each receipt from the payment's own network and checks the token, the
/// recipient, the amount and the receipt's status before any of them may pay anything. All or nothing.
/// </summary>
public sealed class PaymentClaims(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, RpcClients rpcClients, ChainHeads heads, PaymentLedger ledger, TimeProvider time)
{
    public const int MaxReceipts = 5;

    public Task<Result<ClaimOutcome>> ClaimAsync(Guid paymentId, Guid? merchantId, string? txHash, CancellationToken cancellationToken = default) =>
        ClaimAsync(paymentId, merchantId, [txHash], requireMined: false, cancellationToken);

    /// <param name="requireMined">Refuse a transaction the chain does not show yet (voucher receipts) instead of waiting for it.</param>
    public async Task<Result<ClaimOutcome>> ClaimAsync(
        Guid paymentId, Guid? merchantId, IReadOnlyList<string?> txHashes, bool requireMined, CancellationToken cancellationToken = default)
    {
        if (txHashes.Count is 0 or > MaxReceipts || txHashes.Any(h => !Hex.IsTxHash(h)))
        {
            return PayError.Validation("txHash", $"Give 1 to {MaxReceipts} transaction hashes, each 0x-prefixed and 32 bytes (66 characters).");
        }

        var hashes = txHashes.Select(h => h!.ToLowerInvariant()).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId && (merchantId == null || p.MerchantId == merchantId), cancellationToken);
        if (payment is null)
        {
            return PayError.NotFound("Transaction");
        }

        if (await UsedElsewhereAsync(db, payment, hashes, cancellationToken) is { } used)
        {
            return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {used} already pays another payment.");
        }

        var alreadyClaimed = await db.TransferClaims.Where(c => c.PaymentId == payment.Id).Select(c => c.TxHash).ToListAsync(cancellationToken);
        if (hashes.All(alreadyClaimed.Contains))
        {
            return new ClaimOutcome(payment, payment.Paid > 0);
        }

        if (!payment.HoldsAmount || payment.Status is PaymentStatus.Succeeded or PaymentStatus.Failed)
        {
            return PayError.Conflict(ErrorCodes.PaymentClosed, $"The payment is {payment.Status.ToString().ToLowerInvariant()} and takes no further transfer.");
        }

        var rpc = rpcClients.For(payment.Network);
        if (rpc is null)
        {
            return new PayError(PayErrorKind.Unavailable, ErrorCodes.ChainUnavailable, $"No RPC is configured for {payment.Network}.");
        }

        var receipts = new List<Receipt>();
        var blockTimes = new Dictionary<long, DateTime>();
        try
        {
            foreach (var hash in hashes)
            {
                var receipt = await rpc.GetReceiptAsync(hash, cancellationToken);
                if (receipt is not null)
                {
                    receipts.Add(receipt);
                    if (!blockTimes.ContainsKey(receipt.BlockNumber) && await rpc.GetBlockAsync(receipt.BlockNumber, cancellationToken) is { } block)
                    {
                        blockTimes[block.Number] = block.Timestamp;
                    }
                }
                else if (requireMined)
                {
                    return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferMismatch, $"Transaction {hash} is not on {payment.Network}: it is unknown or not mined yet.");
                }
            }
        }
        catch (Exception ex) when (ex is RpcUnavailableException or RpcErrorException)
        {
            return new PayError(PayErrorKind.Unavailable, ErrorCodes.ChainUnavailable, $"{payment.Network} cannot be reached right now; retry shortly.");
        }

        if (receipts.FirstOrDefault(r => blockTimes.TryGetValue(r.BlockNumber, out var minedAt) && minedAt < payment.CreatedAt - Payment.ClockSkew) is { } old)
        {
            // An old transfer to the same wallet cannot pay a payment created after it.
            return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferMismatch, $"Transaction {old.TxHash} was mined before this payment existed.");
        }

        if (Verify(payment, receipts, allMined: receipts.Count == hashes.Count) is { } refused)
        {
            return refused;
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            // Re-checked under the gate: two claims of one hash racing each other cannot both win.
            if (await UsedElsewhereAsync(db, payment, hashes, cancellationToken) is { } taken)
            {
                return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {taken} already pays another payment.");
            }

            // Read again under the gate: a double submit must add nothing twice.
            var claimedNow = await db.TransferClaims.Where(c => c.PaymentId == payment.Id).Select(c => c.TxHash).ToListAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            foreach (var hash in hashes.Except(claimedNow))
            {
                db.TransferClaims.Add(new TransferClaim { Network = payment.Network, TxHash = hash, PaymentId = payment.Id, CreatedAt = now });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        if (receipts.Count == 0)
        {
            // Not mined yet: the monitor recognises it by its hash when it lands.
            return new ClaimOutcome(payment, false);
        }

        var logs = receipts.SelectMany(r => r.Transfers).Where(t => t.Token == payment.TokenContract && t.To == payment.Recipient).ToList();
        var head = Math.Max(heads.Get(payment.Network)?.Number ?? 0, receipts.Max(r => r.BlockNumber));

        await ledger.RecordAsync(payment.Network, logs, blockTimes, head, cancellationToken);
        if (await UsedElsewhereAsync(db, payment, hashes, cancellationToken) is { } raced)
        {
            // The monitor matched it to another payment by amount a moment before the claim landed.
            return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {raced} already pays another payment.");
        }

        var updated = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == payment.Id, cancellationToken);
        return new ClaimOutcome(updated, receipts.Count == hashes.Count);
    }

    private static PayError? Verify(Payment payment, IReadOnlyList<Receipt> receipts, bool allMined)
    {
        var value = BigInteger.Zero;
        foreach (var receipt in receipts)
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

            value += toRecipient.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Value);
        }

        var owed = payment.Amount - payment.Paid;
        if (allMined && value < owed)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferMismatch,
                $"The transaction(s) send {TokenAmount.Format(value, payment.Decimals)} {payment.Asset}; the payment asks {TokenAmount.Format(owed, payment.Decimals)}.");
        }

        return null;
    }

    /// <summary>The first of the hashes already claimed for, or paying, another payment.</summary>
    private static async Task<string?> UsedElsewhereAsync(PayDbContext db, Payment payment, IReadOnlyList<string> hashes, CancellationToken cancellationToken) =>
        await db.TransferClaims.Where(c => c.PaymentId != payment.Id && hashes.Contains(c.TxHash)).Select(c => c.TxHash).FirstOrDefaultAsync(cancellationToken)
        ?? await db.ChainTransfers.Where(t => hashes.Contains(t.TxHash) && t.PaymentId != null && t.PaymentId != payment.Id).Select(t => t.TxHash).FirstOrDefaultAsync(cancellationToken);
}
