using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>What became of a claim: verified on chain now, or waiting for the transaction to be mined.</summary>
public sealed record ClaimOutcome(Payment Payment, bool Mined);

/// <summary>Receipts read from the payment's own network and checked against it; nothing is stored yet.</summary>
public sealed record VerifiedClaim(Payment Payment, IReadOnlyList<string> Hashes, IReadOnlyList<Receipt> Receipts, IReadOnlyDictionary<long, DateTime> BlockTimes, bool AlreadyClaimed)
{
    public bool AllMined => Receipts.Count == Hashes.Count;
}

/// <summary>
/// A payer hands over the transaction(s) that pay a payment (browser wallet, voucher receipts). The server
/// trusts nothing it was told: it reads each receipt from the payment's own network and checks the token, the
/// recipient, the amount and the receipt's status before any of them may pay anything. All or nothing.
/// Three steps, so a use case can commit its own change with the claim: verify (reads), record (under the
/// caller's write gate), apply (the ledger matches the transfers).
/// </summary>
public sealed partial class PaymentClaims(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, IChainReader chain, PaymentLedger ledger, TimeProvider time)
{
    public const int MaxReceipts = 5;

    public Task<Result<ClaimOutcome>> ClaimAsync(Guid paymentId, Guid? merchantId, string? txHash, CancellationToken cancellationToken = default) =>
        ClaimAsync(paymentId, merchantId, [txHash], requireMined: false, cancellationToken);

    /// <param name="requireMined">Refuse a transaction the chain does not show yet instead of waiting for it.</param>
    public async Task<Result<ClaimOutcome>> ClaimAsync(
        Guid paymentId, Guid? merchantId, IReadOnlyList<string?> txHashes, bool requireMined, CancellationToken cancellationToken = default)
    {
        var verified = await VerifyAsync(paymentId, merchantId, txHashes, requireMined, cancellationToken);
        if (!verified.Ok)
        {
            return verified.Error;
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (await RecordAsync(db, verified.Value, time.GetUtcNow().UtcDateTime, cancellationToken) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return await ApplyAsync(verified.Value, cancellationToken);
    }

    /// <summary>Step 1: reads the receipts and checks them against the payment. Writes nothing.</summary>
    public async Task<Result<VerifiedClaim>> VerifyAsync(
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

        if (await UsedElsewhereAsync(db, payment.Id, hashes, cancellationToken) is { } used)
        {
            return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {used} already pays another payment.");
        }

        // Handed over before, or already the very transfers paying this payment (the monitor matched them by amount):
        // nothing new to record, and saying so again is not an error.
        var alreadyClaimed = await db.TransferClaims.Where(c => c.PaymentId == payment.Id).Select(c => c.TxHash).ToListAsync(cancellationToken);
        alreadyClaimed.AddRange(await db.ChainTransfers.Where(t => t.PaymentId == payment.Id && !t.Removed && hashes.Contains(t.TxHash)).Select(t => t.TxHash).ToListAsync(cancellationToken));
        if (hashes.All(alreadyClaimed.Contains))
        {
            return new VerifiedClaim(payment, hashes, [], new Dictionary<long, DateTime>(), AlreadyClaimed: true);
        }

        if (Closed(payment) is { } closed)
        {
            return closed;
        }

        if (!chain.CanRead(payment.Network))
        {
            return new PayError(PayErrorKind.Unavailable, ErrorCodes.ChainUnavailable, $"No RPC is configured for {payment.Network}.");
        }

        var receipts = new List<Receipt>();
        var blockTimes = new Dictionary<long, DateTime>();
        try
        {
            foreach (var hash in hashes)
            {
                if (await ReadReceiptAsync(payment.Network, hash, blockTimes, cancellationToken) is { } receipt)
                {
                    receipts.Add(receipt);
                }
                else if (requireMined)
                {
                    return NotMined(hash, payment.Network);
                }
            }
        }
        catch (ChainUnavailableException)
        {
            return new PayError(PayErrorKind.Unavailable, ErrorCodes.ChainUnavailable, $"{payment.Network} cannot be reached right now; retry shortly.");
        }

        if (receipts.FirstOrDefault(r => blockTimes.TryGetValue(r.BlockNumber, out var minedAt) && minedAt < payment.CreatedAt - Payment.ClockSkew) is { } old)
        {
            // An old transfer to the same wallet cannot pay a payment created after it.
            return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferMismatch, $"Transaction {old.TxHash} was mined before this payment existed.");
        }

        var verified = new VerifiedClaim(payment, hashes, receipts, blockTimes, AlreadyClaimed: false);
        return Check(verified) is { } refused ? refused : verified;
    }

    /// <summary>Step 2, inside the caller's write gate: re-checks what may have changed since step 1 and adds the claim rows (not saved).</summary>
    public static async Task<PayError?> RecordAsync(PayDbContext db, VerifiedClaim claim, DateTime now, CancellationToken cancellationToken)
    {
        // Re-checked under the gate: two claims of one hash racing each other cannot both win.
        if (await UsedElsewhereAsync(db, claim.Payment.Id, claim.Hashes, cancellationToken) is { } taken)
        {
            return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {taken} already pays another payment.");
        }

        if (claim.AlreadyClaimed)
        {
            return null;
        }

        var payment = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == claim.Payment.Id, cancellationToken);
        if (Closed(payment) is { } closed)
        {
            return closed;
        }

        // Read again under the gate: a double submit must add nothing twice.
        var claimedNow = await db.TransferClaims.Where(c => c.PaymentId == payment.Id).Select(c => c.TxHash).ToListAsync(cancellationToken);
        foreach (var hash in claim.Hashes.Except(claimedNow))
        {
            db.TransferClaims.Add(new TransferClaim { Network = payment.Network, TxHash = hash, PaymentId = payment.Id, CreatedAt = now });
        }

        return null;
    }

    /// <summary>Step 3, after the claim rows are committed: the ledger records and matches the mined transfers.</summary>
    public async Task<Result<ClaimOutcome>> ApplyAsync(VerifiedClaim claim, CancellationToken cancellationToken = default)
    {
        var payment = claim.Payment;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (claim.AlreadyClaimed || claim.Receipts.Count == 0)
        {
            // Not mined yet (or handed over before): the monitor recognises it by its hash when it lands.
            var current = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == payment.Id, cancellationToken);
            return new ClaimOutcome(current, claim.AlreadyClaimed && current.Paid > 0);
        }

        var logs = claim.Receipts.SelectMany(r => r.Transfers).Where(t => t.Token == payment.TokenContract && t.To == payment.Recipient).ToList();
        var head = Math.Max(chain.KnownHead(payment.Network) ?? 0, claim.Receipts.Max(r => r.BlockNumber));
        await ledger.RecordAsync(payment.Network, logs, claim.BlockTimes, head, cancellationToken);
        if (await UsedElsewhereAsync(db, payment.Id, claim.Hashes, cancellationToken) is { } raced)
        {
            // The monitor matched it to another payment by amount a moment before the claim landed.
            return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {raced} already pays another payment.");
        }

        var updated = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == payment.Id, cancellationToken);
        return new ClaimOutcome(updated, claim.AllMined);
    }

    /// <summary>The receipt of <paramref name="hash"/> on <paramref name="network"/> and the time its block was mined (into <paramref name="blockTimes"/>); null when not mined.</summary>
    private async Task<Receipt?> ReadReceiptAsync(string network, string hash, Dictionary<long, DateTime> blockTimes, CancellationToken cancellationToken)
    {
        if (await chain.GetReceiptAsync(network, hash, cancellationToken) is not { } receipt)
        {
            return null;
        }

        if (!blockTimes.ContainsKey(receipt.BlockNumber) && await chain.GetBlockTimeAsync(network, receipt.BlockNumber, cancellationToken) is { } minedAt)
        {
            blockTimes[receipt.BlockNumber] = minedAt;
        }

        return receipt;
    }

    private static PayError NotMined(string hash, string network) =>
        new(PayErrorKind.Invalid, ErrorCodes.TransferMismatch, $"Transaction {hash} is not on {network}: it is unknown or not mined yet.");

    private static PayError? Closed(Payment payment) => !payment.HoldsAmount || payment.Status == PaymentStatus.Succeeded
        ? PayError.Conflict(ErrorCodes.PaymentClosed, $"The payment is {payment.Status.ToString().ToLowerInvariant()} and takes no further transfer.")
        : null;

    private static PayError? Check(VerifiedClaim claim)
    {
        var payment = claim.Payment;
        var value = BigInteger.Zero;
        foreach (var receipt in claim.Receipts)
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
        return claim.AllMined && value < owed
            ? new PayError(PayErrorKind.Invalid, ErrorCodes.TransferMismatch,
                $"The transaction(s) send {TokenAmount.Format(value, payment.Decimals)} {payment.Asset}; the payment asks {TokenAmount.Format(owed, payment.Decimals)}.")
            : null;
    }

    /// <summary>The first of the hashes already claimed for, or paying, another payment.</summary>
    /// <remarks>A transaction that resolved a CUSTOM voucher is used too: it is that voucher's payment.</remarks>
    internal static async Task<string?> UsedElsewhereAsync(PayDbContext db, Guid paymentId, IReadOnlyList<string> hashes, CancellationToken cancellationToken) =>
        await db.TransferClaims.Where(c => c.PaymentId != paymentId && hashes.Contains(c.TxHash)).Select(c => c.TxHash).FirstOrDefaultAsync(cancellationToken)
        ?? await db.ChainTransfers.Where(t => hashes.Contains(t.TxHash) && t.PaymentId != null && t.PaymentId != paymentId).Select(t => t.TxHash).FirstOrDefaultAsync(cancellationToken)
        ?? await db.Vouchers.Where(v => v.CallTxHash != null && hashes.Contains(v.CallTxHash)).Select(v => v.CallTxHash).FirstOrDefaultAsync(cancellationToken);
}
