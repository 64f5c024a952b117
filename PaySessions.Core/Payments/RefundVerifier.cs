using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>
/// Watches sent refunds until the chain decides: the receipt must have succeeded and must carry exactly the prepared
/// transfer (token, from the store's wallet, to the payer, amount), as deep as the network's confirmation count.
/// Then the payment records the refund (and its event, so the timeline, webhooks and reports see it).
/// </summary>
public sealed partial class RefundVerifier(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    DatabaseReady ready,
    IChainReader chain,
    ChainHeads heads,
    NetworkCatalog catalog,
    RefundSignal signal,
    TimeProvider time,
    ILogger<RefundVerifier> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ready.WhenPreparedAsync(stoppingToken))
        {
            return; // start-up failed and says why
        }

        // Off the host's start: SQLite's async calls complete synchronously, so a first pass run before the first await
        // would hold up the server's start (and the first answer) by its queries.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            bool waiting;
            try
            {
                waiting = await VerifyAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, ex);
                waiting = true;
            }

            try
            {
                await signal.WaitAsync(waiting ? Interval : TimeSpan.FromMinutes(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Checks every sent refund once; true while some are still waiting for the chain.</summary>
    public async Task<bool> VerifyAsync(CancellationToken cancellationToken)
    {
        List<Refund> sent;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            sent = await db.Refunds.AsNoTracking().Where(r => r.Status == RefundStatus.Submitted).ToListAsync(cancellationToken);
        }

        var waiting = false;
        foreach (var refund in sent)
        {
            var verdict = await JudgeAsync(refund, cancellationToken);
            if (verdict.Waiting)
            {
                waiting = true;
                continue;
            }

            await RecordAsync(refund, verdict, cancellationToken);
        }

        return waiting;
    }

    private async Task<Verdict> JudgeAsync(Refund refund, CancellationToken cancellationToken)
    {
        var receipt = await chain.GetReceiptAsync(refund.Network, refund.TxHash!, cancellationToken);
        if (receipt is null)
        {
            return time.GetUtcNow().UtcDateTime - refund.SubmittedAt > Refund.SubmittedLifetime
                ? Verdict.Fail("The transaction never appeared on chain.")
                : Verdict.Wait;
        }

        if (!receipt.Succeeded)
        {
            return Verdict.Fail("The transaction reverted: nothing was sent.");
        }

        var sends = receipt.Transfers.Any(t =>
            Same(t.Token, refund.Token) && Same(t.From, refund.From) && Same(t.To, refund.To) && t.Value == refund.Amount && !t.Removed);
        if (!sends)
        {
            return Verdict.Fail("The transaction does not send the prepared amount from the store's wallet to the payer.");
        }

        var head = heads.Get(refund.Network)?.Number;
        var required = catalog.FindNetwork(refund.Network)?.Confirmations ?? 1;
        return head is { } number && number - receipt.BlockNumber + 1 >= required ? Verdict.Confirm : Verdict.Wait;
    }

    private async Task RecordAsync(Refund seen, Verdict verdict, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var refund = await db.Refunds.FirstAsync(r => r.Id == seen.Id, cancellationToken);
            if (refund.Status != RefundStatus.Submitted)
            {
                return;
            }

            var now = time.GetUtcNow().UtcDateTime;
            db.Actor = refund.RequestedBy;
            if (verdict.Error is { } error)
            {
                refund.Fail(error);
                LogFailed(logger, refund.PublicId, error);
            }
            else
            {
                var payment = await db.Payments.FirstAsync(p => p.Id == refund.PaymentId, cancellationToken);
                if (!payment.RefundConfirmed(refund.PublicId, refund.Amount, refund.TxHash!, now))
                {
                    refund.Fail("The payment cannot take this refund any more (more than was paid would be refunded).");
                }
                else
                {
                    refund.Confirm(now);
                    LogConfirmed(logger, refund.PublicId, refund.TxHash!);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Keep waiting, confirmed (no error), or failed with the reason.</summary>
    private sealed record Verdict(bool Waiting, string? Error)
    {
        public static readonly Verdict Wait = new(true, null);
        public static readonly Verdict Confirm = new(false, null);

        public static Verdict Fail(string error) => new(false, error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refund {RefundId} confirmed on chain by {TxHash}")]
    private static partial void LogConfirmed(ILogger logger, string refundId, string txHash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refund {RefundId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string refundId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The refund verifier's loop failed; trying again shortly")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
