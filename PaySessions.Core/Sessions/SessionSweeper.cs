using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Sessions;

/// <summary>
/// Persists what time decides: overdue sessions and their transactions become expired (reads already show it),
/// and amounts whose monitoring window has ended are released for reuse. The aggregates record what changed.
/// </summary>
public sealed partial class SessionSweeper(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    DatabaseReady ready,
    TimeProvider time,
    IOptions<SessionOptions> options,
    ILogger<SessionSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>One pass; returns how many sessions it expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<PaySession> expired;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            expired = await db.Sessions
                .Where(s => s.Status == PaymentStatus.Pending && s.ExpiresAt <= now)
                .OrderBy(s => s.ExpiresAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var session in expired)
            {
                session.ExpireIfDue(now);
            }

            var overduePayments = await db.Payments
                .Where(p => p.Status == PaymentStatus.Pending && p.ExpiresAt <= now)
                .OrderBy(p => p.ExpiresAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var payment in overduePayments)
            {
                payment.ExpireIfDue(now);
            }

            var released = await DueReleases(db, now).ToListAsync(cancellationToken);
            foreach (var payment in released)
            {
                payment.ReleaseAmountIfDue(now);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return expired.Count;
    }

    /// <summary>The next payments whose monitoring window has ended and that still hold their amount (index <c>IX_Payments_Release</c>).</summary>
    internal static IQueryable<Payment> DueReleases(PayDbContext db, DateTime now) =>
        db.Payments.Where(p => p.HoldsAmount && p.MonitorUntil <= now).OrderBy(p => p.MonitorUntil).Take(BatchSize);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ready.WhenPreparedAsync(stoppingToken))
        {
            return; // start-up failed and says why
        }

        // Off the host's start: SQLite's async calls complete synchronously, so a first pass run before the first await
        // would hold up the server's start (and the first answer) by its queries.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            try
            {
                while (await SweepAsync(stoppingToken) == BatchSize)
                {
                    // A backlog (after downtime): keep going until it is cleared.
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Session sweep failed; retrying at the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
