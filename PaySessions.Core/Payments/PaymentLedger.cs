using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Notifications;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Payments;

/// <summary>
/// Owns every status change that comes from the chain: records transfers, matches them to payments,
/// counts confirmations, settles, and undoes what a reorganisation removed. Announces each change.
/// </summary>
public sealed partial class PaymentLedger(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    TimeProvider time,
    NetworkCatalog catalog,
    SessionNotifier notifier,
    IOptions<ChainOptions> options,
    ILogger<PaymentLedger> logger)
{
    /// <summary>A transfer this far from a payment's amount (either way) may still be matched to it when it is the only candidate.</summary>
    private const decimal ApproximateMatchShare = 0.10m;

    /// <summary>
    /// The complete set of transfers the chain shows in blocks <paramref name="fromBlock"/>..<paramref name="toBlock"/>:
    /// stores new ones, and drops stored ones the chain no longer has there (recorded from a claim, then orphaned).
    /// </summary>
    public async Task RecordAsync(
        string network, long fromBlock, long toBlock, IReadOnlyList<TransferLog> logs, IReadOnlyDictionary<long, DateTime> blockTimes, long head, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var keys = logs.Select(l => (l.TxHash, l.LogIndex)).ToHashSet();
            var stored = await db.ChainTransfers.AsNoTracking()
                .Where(t => t.Network == network && !t.Removed && t.BlockNumber >= fromBlock && t.BlockNumber <= toBlock)
                .Select(t => new { t.Id, t.TxHash, t.LogIndex })
                .ToListAsync(cancellationToken);
            var vanished = stored.Where(t => !keys.Contains((t.TxHash, t.LogIndex))).Select(t => t.Id).ToList();
            if (vanished.Count > 0)
            {
                await RemoveAsync(network, vanished, head, cancellationToken);
            }
        }

        await RecordAsync(network, logs, blockTimes, head, cancellationToken);
    }

    /// <summary>Stores newly seen transfers (idempotently: a re-scan changes nothing), matches them, and updates confirmations.</summary>
    public async Task RecordAsync(string network, IReadOnlyList<TransferLog> logs, IReadOnlyDictionary<long, DateTime> blockTimes, long head, CancellationToken cancellationToken)
    {
        if (logs.Count == 0)
        {
            return;
        }

        var changes = new List<SessionChanged>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var touched = new HashSet<Guid>();
            foreach (var log in logs.Where(l => !l.Removed))
            {
                var existing = await db.ChainTransfers.FirstOrDefaultAsync(
                    t => t.Network == network && t.TxHash == log.TxHash && t.LogIndex == log.LogIndex, cancellationToken);
                if (existing is not null)
                {
                    // Seen before: a re-scan, or the same transaction re-mined after a reorganisation.
                    existing.BlockNumber = log.BlockNumber;
                    existing.BlockHash = log.BlockHash;
                    existing.BlockTime = blockTimes.GetValueOrDefault(log.BlockNumber, existing.BlockTime);
                    existing.Removed = false;
                    if (existing.PaymentId is null && await ClaimantAsync(db, existing, cancellationToken) is { } claimant && claimant.CouldBePaidBy(existing))
                    {
                        // Recorded as unmatched, and since then a payer claimed it.
                        existing.PaymentId = claimant.Id;
                    }

                    if (existing.PaymentId is { } paidId)
                    {
                        touched.Add(paidId);
                    }

                    continue;
                }

                var transfer = new ChainTransfer
                {
                    Network = network,
                    TxHash = log.TxHash,
                    LogIndex = log.LogIndex,
                    BlockNumber = log.BlockNumber,
                    BlockHash = log.BlockHash,
                    BlockTime = blockTimes.GetValueOrDefault(log.BlockNumber, now),
                    Token = log.Token,
                    From = log.From,
                    To = log.To,
                    Value = log.Value,
                    SeenAt = now,
                };
                var payment = await MatchAsync(db, transfer, touched, cancellationToken);
                transfer.PaymentId = payment?.Id;
                db.ChainTransfers.Add(transfer);
                if (payment is null)
                {
                    LogUnmatched(logger, network, transfer.TxHash, transfer.To, transfer.Value);
                }
                else
                {
                    touched.Add(payment.Id);
                }

                // Saved per transfer so the next match in this batch sees it.
                await db.SaveChangesAsync(cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await RecomputeAllAsync(db, touched, head, now, changes, cancellationToken);
        }

        Publish(changes);
    }

    /// <summary>New head: count confirmations of payments still confirming and settle those deep enough, after re-checking their receipts.</summary>
    public async Task ConfirmAsync(string network, long head, EthRpc rpc, CancellationToken cancellationToken)
    {
        var changes = new List<SessionChanged>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        List<Guid> confirming = await db.Payments.AsNoTracking()
            .Where(p => p.Network == network && p.Status == PaymentStatus.Processing)
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        foreach (var paymentId in confirming)
        {
            // Receipts are fetched outside the write gate: RPC latency must not hold up other writers.
            var transfers = await db.ChainTransfers.AsNoTracking().Where(t => t.PaymentId == paymentId && !t.Removed).ToListAsync(cancellationToken);
            var required = catalog.FindNetwork(network)?.Confirmations ?? 1;
            var deepEnough = transfers.Count > 0 && transfers.All(t => head - t.BlockNumber + 1 >= required);
            var canonical = deepEnough && await AllCanonicalAsync(rpc, transfers, cancellationToken);

            using (await writeGate.EnterAsync(cancellationToken))
            {
                var now = time.GetUtcNow().UtcDateTime;
                if (await RecomputeAsync(db, paymentId, head, now, cancellationToken, settle: canonical) is { } change)
                {
                    changes.Add(change);
                }

                await db.SaveChangesAsync(cancellationToken);
            }
        }

        Publish(changes);
    }

    /// <summary>A reorganisation replaced every block above <paramref name="forkBlock"/>: their transfers pay nothing until seen again.</summary>
    public Task RevertAboveAsync(string network, long forkBlock, long head, CancellationToken cancellationToken) =>
        RemoveAsync(network, null, head, cancellationToken, forkBlock);

    private async Task RemoveAsync(string network, IReadOnlyCollection<Guid>? transferIds, long head, CancellationToken cancellationToken, long forkBlock = long.MaxValue)
    {
        var changes = new List<SessionChanged>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var orphaned = await db.ChainTransfers
                .Where(t => t.Network == network && !t.Removed && (transferIds == null ? t.BlockNumber > forkBlock : transferIds.Contains(t.Id)))
                .ToListAsync(cancellationToken);
            foreach (var transfer in orphaned)
            {
                transfer.Removed = true;
            }

            await db.SaveChangesAsync(cancellationToken);
            await RecomputeAllAsync(db, orphaned.Select(t => t.PaymentId).OfType<Guid>().Distinct(), head, now, changes, cancellationToken);
            if (transferIds is null)
            {
                LogReverted(logger, network, forkBlock, orphaned.Count);
            }
            else
            {
                LogVanished(logger, network, orphaned.Count);
            }
        }

        Publish(changes);
    }

    private static IQueryable<Payment> OpenFor(PayDbContext db, ChainTransfer transfer) =>
        db.Payments.Where(p => p.HoldsAmount && p.Network == transfer.Network && p.TokenContract == transfer.Token && p.Recipient == transfer.To);

    private static Task<Payment?> ClaimantAsync(PayDbContext db, ChainTransfer transfer, CancellationToken cancellationToken) =>
        OpenFor(db, transfer).FirstOrDefaultAsync(
            p => db.TransferClaims.Any(c => c.PaymentId == p.Id && c.Network == transfer.Network && c.TxHash == transfer.TxHash), cancellationToken);

    private static async Task<Payment?> MatchAsync(PayDbContext db, ChainTransfer transfer, HashSet<Guid> touched, CancellationToken cancellationToken)
    {
        var open = OpenFor(db, transfer).Where(p => p.MatchByAmount);

        // 1. The exact, unique amount: nobody's claim can take a transfer that is plainly another payment's.
        var exact = await open.FirstOrDefaultAsync(p => p.Amount == transfer.Value, cancellationToken);
        if (exact is not null && exact.CouldBePaidBy(transfer))
        {
            return exact;
        }

        // 2. The payer told us this transaction pays this payment (and it was made after the payment existed).
        if (await ClaimantAsync(db, transfer, cancellationToken) is { } claimed && claimed.CouldBePaidBy(transfer))
        {
            return claimed;
        }

        // 3. Not yet fully paid, and this transfer is exactly what is missing (a top-up after an underpayment).
        var unsettled = await open.Where(p => p.Status != PaymentStatus.Succeeded).ToListAsync(cancellationToken);
        var topUp = unsettled.Where(p => p.ExceptionStatus == PaymentException.Underpaid && p.Amount - p.Paid == transfer.Value && p.CouldBePaidBy(transfer)).ToList();
        if (topUp.Count == 1)
        {
            return topUp[0];
        }

        // 4. Close to one payment's amount and to no other's: an under- or overpayment of that payment.
        var near = unsettled
            .Where(p => p.Paid.IsZero && !touched.Contains(p.Id) && p.Status != PaymentStatus.Processing && p.CouldBePaidBy(transfer))
            .Where(p => BigInteger.Abs(p.Amount - transfer.Value) * 100 <= p.Amount * (int)(ApproximateMatchShare * 100))
            .ToList();
        return near.Count == 1 ? near[0] : null;
    }

    private async Task RecomputeAllAsync(PayDbContext db, IEnumerable<Guid> paymentIds, long head, DateTime now, List<SessionChanged> changes, CancellationToken cancellationToken)
    {
        foreach (var paymentId in paymentIds)
        {
            if (await RecomputeAsync(db, paymentId, head, now, cancellationToken) is { } change)
            {
                changes.Add(change);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Re-derives a payment (and its session) from its live transfers. Returns the change to announce, if any.</summary>
    private async Task<SessionChanged?> RecomputeAsync(PayDbContext db, Guid paymentId, long head, DateTime now, CancellationToken cancellationToken, bool settle = false)
    {
        var payment = await db.Payments.FirstAsync(p => p.Id == paymentId, cancellationToken);
        if (payment.Status == PaymentStatus.Succeeded)
        {
            var stillPaid = await db.ChainTransfers.AnyAsync(t => t.PaymentId == paymentId && !t.Removed, cancellationToken);
            if (!stillPaid)
            {
                LogSettledPaymentOrphaned(logger, payment.Id, payment.Network);
            }

            return null;
        }

        var transfers = await db.ChainTransfers.Where(t => t.PaymentId == paymentId && !t.Removed).ToListAsync(cancellationToken);
        var paid = transfers.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Value);
        var newest = transfers.MaxBy(t => t.BlockNumber);
        var confirmations = newest is null ? 0 : (int)Math.Max(0, head - newest.BlockNumber + 1);
        payment.RequiredConfirmations = catalog.FindNetwork(payment.Network)?.Confirmations ?? 1;
        var late = newest is not null && newest.BlockTime > payment.ExpiresAt;
        var changed = payment.ApplyChain(paid, confirmations, newest?.TxHash, late, options.Value.UnderpaymentTolerance, now);
        if (settle)
        {
            changed |= payment.Settle(now);
        }

        var session = await db.Sessions.FirstAsync(s => s.Id == payment.SessionId, cancellationToken);
        var sessionChanged = session.Follow(payment, now);
        if (!changed && !sessionChanged)
        {
            return null;
        }

        var kind = payment.Status == PaymentStatus.Succeeded ? SessionChange.Settled : SessionChange.PaymentProgress;
        return new SessionChanged(session.Id, session.MerchantId, session.Status, session.TransactionId, kind);
    }

    private static async Task<bool> AllCanonicalAsync(EthRpc rpc, IReadOnlyList<ChainTransfer> transfers, CancellationToken cancellationToken)
    {
        foreach (var transfer in transfers)
        {
            var receipt = await rpc.GetReceiptAsync(transfer.TxHash, cancellationToken);
            if (receipt is null || !receipt.Succeeded || receipt.BlockHash != transfer.BlockHash)
            {
                return false;
            }
        }

        return true;
    }

    private void Publish(List<SessionChanged> changes)
    {
        foreach (var change in changes)
        {
            notifier.Publish(change);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Unmatched transfer on {Network}: {TxHash} to {To} of {Value} base units, kept for review")]
    private static partial void LogUnmatched(ILogger logger, string network, string txHash, string to, BigInteger value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reorganisation on {Network}: blocks above {ForkBlock} replaced, {Count} transfer(s) orphaned")]
    private static partial void LogReverted(ILogger logger, string network, long forkBlock, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} transfer(s) on {Network} recorded earlier are no longer on chain; they pay nothing")]
    private static partial void LogVanished(ILogger logger, string network, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Payment {PaymentId} on {Network} had succeeded but its transfer was orphaned by a reorganisation deeper than the confirmation depth")]
    private static partial void LogSettledPaymentOrphaned(ILogger logger, Guid paymentId, string network);
}
