using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>
/// Takes what the chain showed (handed over by the chain monitor or a verified claim): records transfers, matches
/// them to payments (<see cref="TransferMatcher"/>), counts confirmations, settles, and undoes what a reorganisation
/// removed. The payments and sessions decide their own status; their events are saved with each change.
/// </summary>
public sealed partial class PaymentLedger(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    TimeProvider time,
    NetworkCatalog catalog,
    IChainReader chain,
    ChainHeads heads,
    ILogger<PaymentLedger> logger)
{
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

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var now = time.GetUtcNow().UtcDateTime;
            var touched = new HashSet<Guid>();
            foreach (var log in logs.Where(l => !l.Removed))
            {
                var transfer = await db.ChainTransfers.FirstOrDefaultAsync(
                    t => t.Network == network && t.TxHash == log.TxHash && t.LogIndex == log.LogIndex, cancellationToken);
                if (transfer is not null)
                {
                    // Seen before: a re-scan, or the same transaction re-mined after a reorganisation.
                    transfer.SeenAgain(log, blockTimes.GetValueOrDefault(log.BlockNumber, transfer.BlockTime));
                    if (transfer.PaymentId is null && await ClaimantAsync(db, transfer, cancellationToken) is { } claimant && claimant.CouldBePaidBy(transfer))
                    {
                        // Recorded as unmatched, and since then a payer claimed it.
                        transfer.PaymentId = claimant.Id;
                    }
                }
                else
                {
                    transfer = ChainTransfer.Seen(network, log, blockTimes.GetValueOrDefault(log.BlockNumber, now), now);
                    transfer.PaymentId = (await MatchAsync(db, transfer, touched, cancellationToken))?.Id;
                    db.ChainTransfers.Add(transfer);
                    if (transfer.PaymentId is null)
                    {
                        LogUnmatched(logger, network, transfer.TxHash, transfer.To, transfer.Value);
                    }
                }

                if (transfer.PaymentId is { } paidId)
                {
                    touched.Add(paidId);
                }

                // Saved per transfer so the next match in this batch sees it.
                await db.SaveChangesAsync(cancellationToken);
            }

            await RecomputeAllAsync(db, touched, head, now, cancellationToken);
        }
    }

    /// <summary>New head: count confirmations of payments still confirming and settle those deep enough, after re-checking their receipts.</summary>
    public async Task ConfirmAsync(string network, long head, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        List<Guid> confirming = await db.Payments.AsNoTracking()
            .Where(p => p.Network == network && p.Status == PaymentStatus.Processing)
            .Select(p => p.Id)
            .ToListAsync(cancellationToken);
        foreach (var paymentId in confirming)
        {
            // Receipts are fetched outside the write gate: RPC latency must not hold up other writers.
            var transfers = await db.ChainTransfers.AsNoTracking().Where(t => t.PaymentId == paymentId && !t.Removed).ToListAsync(cancellationToken);
            var required = RequiredConfirmations(network);
            var deepEnough = transfers.Count > 0 && transfers.All(t => head - t.BlockNumber + 1 >= required);
            var canonical = deepEnough && await AllCanonicalAsync(network, transfers, cancellationToken);

            using (await writeGate.EnterAsync(cancellationToken))
            {
                await RecomputeAsync(db, paymentId, head, time.GetUtcNow().UtcDateTime, cancellationToken, settle: canonical);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }

    /// <summary>A reorganisation replaced every block above <paramref name="forkBlock"/>: their transfers pay nothing until seen again.</summary>
    public Task RevertAboveAsync(string network, long forkBlock, long head, CancellationToken cancellationToken) =>
        RemoveAsync(network, null, head, cancellationToken, forkBlock);

    private async Task RemoveAsync(string network, IReadOnlyCollection<Guid>? transferIds, long head, CancellationToken cancellationToken, long forkBlock = long.MaxValue)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var orphaned = await db.ChainTransfers
                .Where(t => t.Network == network && !t.Removed && (transferIds == null ? t.BlockNumber > forkBlock : transferIds.Contains(t.Id)))
                .ToListAsync(cancellationToken);
            foreach (var transfer in orphaned)
            {
                transfer.Removed = true;
            }

            await db.SaveChangesAsync(cancellationToken);
            await RecomputeAllAsync(db, orphaned.Select(t => t.PaymentId).OfType<Guid>().Distinct(), head, time.GetUtcNow().UtcDateTime, cancellationToken);
            if (transferIds is null)
            {
                LogReverted(logger, network, forkBlock, orphaned.Count);
            }
            else
            {
                LogVanished(logger, network, orphaned.Count);
            }
        }
    }

    /// <summary>The payments still holding their amount that <paramref name="transfer"/> could pay (index <c>IX_Payments_HeldQuote</c>, or <c>IX_Payments_HeldAmount</c> by amount).</summary>
    internal static IQueryable<Payment> OpenFor(PayDbContext db, ChainTransfer transfer) =>
        db.Payments.Where(p => p.HoldsAmount && p.Network == transfer.Network && p.TokenContract == transfer.Token && p.Recipient == transfer.To);

    private static Task<Payment?> ClaimantAsync(PayDbContext db, ChainTransfer transfer, CancellationToken cancellationToken) =>
        OpenFor(db, transfer).FirstOrDefaultAsync(
            p => db.TransferClaims.Any(c => c.PaymentId == p.Id && c.Network == transfer.Network && c.TxHash == transfer.TxHash), cancellationToken);

    /// <summary>The open payment asking exactly the transfer's amount (index <c>IX_Payments_HeldAmount</c>).</summary>
    internal static IQueryable<Payment> ExactFor(PayDbContext db, ChainTransfer transfer) =>
        OpenFor(db, transfer).Where(p => p.MatchByAmount && p.Amount == transfer.Value);

    /// <summary>Loads what the matching rules need, cheapest first: the unsettled list only when the first two rules did not decide.</summary>
    private static async Task<Payment?> MatchAsync(PayDbContext db, ChainTransfer transfer, HashSet<Guid> touched, CancellationToken cancellationToken)
    {
        var open = OpenFor(db, transfer).Where(p => p.MatchByAmount);
        var exact = await ExactFor(db, transfer).FirstOrDefaultAsync(cancellationToken);
        var decided = TransferMatcher.ByAmountOrClaim(transfer, exact, await ClaimantAsync(db, transfer, cancellationToken));
        if (decided is not null)
        {
            return decided;
        }

        var unsettled = await open.Where(p => p.Status != PaymentStatus.Succeeded).ToListAsync(cancellationToken);
        return TransferMatcher.ByShortfallOrProximity(transfer, unsettled, touched);
    }

    /// <summary>
    /// Re-derives one payment from its transfers after a person changed which transfers pay it (attaching an
    /// unmatched transfer), counting confirmations from the network's last known head. Call inside the write gate.
    /// </summary>
    public async Task RecomputeAsync(PayDbContext db, Guid paymentId, CancellationToken cancellationToken)
    {
        var network = await db.Payments.Where(p => p.Id == paymentId).Select(p => p.Network).FirstAsync(cancellationToken);
        var head = heads.Get(network)?.Number
            ?? await db.ChainTransfers.Where(t => t.PaymentId == paymentId && !t.Removed).MaxAsync(t => (long?)t.BlockNumber, cancellationToken)
            ?? 0;
        await RecomputeAsync(db, paymentId, head, time.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task RecomputeAllAsync(PayDbContext db, IEnumerable<Guid> paymentIds, long head, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var paymentId in paymentIds)
        {
            await RecomputeAsync(db, paymentId, head, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Re-derives a payment (and its session) from its live transfers.</summary>
    private async Task RecomputeAsync(PayDbContext db, Guid paymentId, long head, DateTime now, CancellationToken cancellationToken, bool settle = false)
    {
        var payment = await db.Payments.FirstAsync(p => p.Id == paymentId, cancellationToken);
        if (payment.Status == PaymentStatus.Succeeded)
        {
            if (!await db.ChainTransfers.AnyAsync(t => t.PaymentId == paymentId && !t.Removed, cancellationToken))
            {
                LogSettledPaymentOrphaned(logger, payment.Id, payment.Network);
            }

            return;
        }

        var transfers = await db.ChainTransfers.Where(t => t.PaymentId == paymentId && !t.Removed).ToListAsync(cancellationToken);
        var newest = transfers.MaxBy(t => t.BlockNumber);
        var state = new ChainPayingState(
            transfers.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Value),
            newest is null ? 0 : (int)Math.Max(0, head - newest.BlockNumber + 1),
            RequiredConfirmations(payment.Network),
            newest?.TxHash,
            newest is not null && newest.BlockTime > payment.ExpiresAt,
            newest?.From);
        // Each store sets how short a payment may fall and still count as paid (Merchants/StoreSettings).
        var tolerance = await db.Merchants.Where(m => m.Id == payment.MerchantId).Select(m => m.UnderpaymentTolerance).FirstOrDefaultAsync(cancellationToken);
        payment.ApplyChain(state, tolerance, now);
        if (settle)
        {
            payment.Settle(now);
        }

        var session = await db.Sessions.FirstAsync(s => s.Id == payment.SessionId, cancellationToken);
        session.Follow(payment, now);
        if (session.Kind == Sessions.SessionKind.Voucher
            && await db.Vouchers.FirstOrDefaultAsync(v => v.PaySessionId == session.Id, cancellationToken) is { } voucher)
        {
            // A payer who handed over only the payment id is waiting for exactly this: the voucher resolves with its transfer.
            voucher.Follow(payment, now);
        }
    }

    private int RequiredConfirmations(string network) => catalog.FindNetwork(network)?.Confirmations ?? 1;

    private async Task<bool> AllCanonicalAsync(string network, IReadOnlyList<ChainTransfer> transfers, CancellationToken cancellationToken)
    {
        foreach (var transfer in transfers)
        {
            var receipt = await chain.GetReceiptAsync(network, transfer.TxHash, cancellationToken);
            if (receipt is null || !receipt.Succeeded || receipt.BlockHash != transfer.BlockHash)
            {
                return false;
            }
        }

        return true;
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
