using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Chain;

/// <summary>Runs one scanner loop per configured network that has RPC URLs. An outage backs off and resumes; nothing is skipped.</summary>
public sealed partial class ChainMonitor(
    NetworkCatalog catalog,
    RpcClients rpcClients,
    IDbContextFactory<PayDbContext> dbFactory,
    PaymentLedger ledger,
    ChainHeads heads,
    IOptions<ChainOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ChainMonitor>();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.MonitorEnabled)
        {
            return Task.CompletedTask;
        }

        var loops = catalog.Networks
            .Select(n => (Network: n, Rpc: rpcClients.For(n.Name)))
            .Where(n => n.Rpc is not null)
            .Select(n => RunAsync(CreateScanner(n.Network, n.Rpc!), stoppingToken));
        return Task.WhenAll(loops);
    }

    public NetworkScanner CreateScanner(Network network, EthRpc rpc) => new(
        network,
        catalog.AssetsOn(network.Name).Select(a => a.Contract).ToArray(),
        rpc,
        dbFactory,
        heads,
        options.Value,
        time,
        loggers.CreateLogger<NetworkScanner>());

    /// <summary>
    /// One step for one network, in one direction: the scanner reports what it saw, the ledger records it, then the
    /// scanner moves its cursor. Returns true when more is waiting (catching up, or re-scanning after a fork).
    /// </summary>
    public async Task<bool> StepAsync(NetworkScanner scanner, BlockHeader? pushedHead, CancellationToken cancellationToken)
    {
        var network = scanner.Network.Name;
        switch (await scanner.ObserveAsync(pushedHead, cancellationToken))
        {
            case ChainReorganised reorg:
                await ledger.RevertAboveAsync(network, reorg.ForkBlock, reorg.Head, cancellationToken);
                await scanner.RewindAsync(reorg, cancellationToken);
                return true;
            case NewBlocks blocks:
                await ledger.RecordAsync(network, blocks.From, blocks.To, blocks.Logs, blocks.BlockTimes, blocks.Head, cancellationToken);
                await scanner.AdvanceAsync(blocks, cancellationToken);
                await ledger.ConfirmAsync(network, blocks.Head, cancellationToken);
                return blocks.To < blocks.Head;
            case NothingNew nothing:
                return nothing.LookAgain;
            default:
                return false;
        }
    }

    private async Task RunAsync(NetworkScanner scanner, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var subscription = scanner.Network.WebSocketUrl is { } ws
            ? new HeadSubscription(scanner.Network.Name, new Uri(ws), options.Value, loggers.CreateLogger<HeadSubscription>())
            : null;
        var listening = subscription?.RunAsync(stoppingToken) ?? Task.CompletedTask;
        var failures = 0;
        BlockHeader? pushed = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var more = await StepAsync(scanner, pushed, stoppingToken);
                pushed = null;
                if (failures > 0)
                {
                    LogRecovered(_logger, scanner.Network.Name, failures);
                }

                failures = 0;
                if (subscription is not null && subscription.Heads.TryRead(out var queued))
                {
                    pushed = queued;
                }
                else if (!more)
                {
                    pushed = await NextHeadAsync(subscription, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // RPC outages, rate limits, a node on the wrong chain, a locked database: log, back off, try again.
                pushed = null;
                failures++;
                LogScanFailed(_logger, ex, scanner.Network.Name, failures);
                await Task.Delay(Backoff.Delay(failures, options.Value.BackoffBase, options.Value.BackoffMax), time, stoppingToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await listening;
    }

    /// <summary>Waits for a pushed head, or the poll interval, whichever comes first.</summary>
    private async Task<BlockHeader?> NextHeadAsync(HeadSubscription? subscription, CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        if (subscription is null)
        {
            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(subscription.Connected ? interval * 10 : interval);
        try
        {
            // Heads are taken one by one, in order: each is one block, read with a single call by its hash.
            // (If a burst overflowed the queue, the scan notices the gap and reads the missing range.)
            return await subscription.Heads.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning {Network} failed (attempt {Failures}); backing off")]
    private static partial void LogScanFailed(ILogger logger, Exception exception, string network, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanning {Network} recovered after {Failures} failed attempt(s)")]
    private static partial void LogRecovered(ILogger logger, string network, int failures);
}
