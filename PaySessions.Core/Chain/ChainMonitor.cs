using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Chain;

/// <summary>How the monitor is doing on one network it watches.</summary>
public sealed record NetworkWatch(long? Head, int Failures, string? LastError);

/// <summary>
/// Runs one scanner loop per network that has RPC URLs. An outage backs off and resumes; nothing is skipped.
/// It follows the installation settings: a network that gains its first RPC URL starts being watched, one whose
/// URLs change is restarted on the new ones (from its persisted cursor), one that loses them stops.
/// </summary>
public sealed partial class ChainMonitor(
    NetworkCatalog catalog,
    RpcClients rpcClients,
    IDbContextFactory<PayDbContext> dbFactory,
    PaymentLedger ledger,
    ChainHeads heads,
    IOptions<ChainOptions> options,
    RecipientWatch watch,
    DatabaseReady ready,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<ChainMonitor>();
    private readonly ConcurrentDictionary<string, WatchLoop> _loops = new(StringComparer.Ordinal);

    public bool Enabled => options.Value.MonitorEnabled;

    /// <summary>How the watch of a network is going, or null when it is not watched.</summary>
    public NetworkWatch? Watching(string network) =>
        _loops.TryGetValue(network, out var loop) ? new NetworkWatch(heads.Get(network)?.Number, loop.Failures, loop.LastError) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The saved network settings are loaded while the database is prepared: watch nothing before them.
        if (!Enabled || !await ready.WhenPreparedAsync(stoppingToken))
        {
            return;
        }

        // A one-slot signal: however many settings change meanwhile, the next pass sees them all.
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var subscription = catalog.Subscribe(_ => changed.Writer.TryWrite(true));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await SuperviseAsync(stoppingToken);
                await changed.Reader.ReadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await Task.WhenAll(_loops.Values.Select(StopAsync));
            _loops.Clear();
        }
    }

    /// <summary>Brings the running loops in line with the catalog: start the newly offered, restart the changed, stop the rest.</summary>
    private async Task SuperviseAsync(CancellationToken stoppingToken)
    {
        var wanted = catalog.Networks.Where(n => n.Offered).ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var (name, loop) in _loops.ToList())
        {
            if (!wanted.TryGetValue(name, out var network) || !NetworkCatalog.SameEndpoints(loop.Network, network))
            {
                _loops.TryRemove(name, out _);
                await StopAsync(loop);
                LogStopped(_logger, name);
            }
        }

        foreach (var network in wanted.Values.Where(n => !_loops.ContainsKey(n.Name)))
        {
            if (rpcClients.For(network.Name) is not { } rpc)
            {
                continue;
            }

            var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var loop = new WatchLoop(network, stop);
            loop.Running = RunAsync(CreateScanner(network, rpc), loop, stop.Token);
            _loops[network.Name] = loop;
            LogWatching(_logger, network.Name, network.RpcUrls.Count);
        }
    }

    private static async Task StopAsync(WatchLoop loop)
    {
        await loop.Stop.CancelAsync();
        await loop.Running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        loop.Stop.Dispose();
    }

    public NetworkScanner CreateScanner(Network network, EthRpc rpc) => new(
        network,
        catalog.AssetsOn(network.Name).Select(a => a.Contract).ToArray(),
        rpc,
        dbFactory,
        heads,
        options.Value,
        watch,
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

    private async Task RunAsync(NetworkScanner scanner, WatchLoop loop, CancellationToken stoppingToken)
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
                (loop.Failures, loop.LastError) = (0, null);
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
                (loop.Failures, loop.LastError) = (failures, ex.Message);
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

    /// <summary>One network's scanner loop and what stops it.</summary>
    private sealed class WatchLoop(Network network, CancellationTokenSource stop)
    {
        public Network Network => network;

        public CancellationTokenSource Stop => stop;

        public Task Running { get; set; } = Task.CompletedTask;

        public volatile int Failures;

        public volatile string? LastError;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain monitor watches {Network} ({Urls} RPC URL(s))")]
    private static partial void LogWatching(ILogger logger, string network, int urls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain monitor stopped watching {Network}: its RPC settings changed")]
    private static partial void LogStopped(ILogger logger, string network);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning {Network} failed (attempt {Failures}); backing off")]
    private static partial void LogScanFailed(ILogger logger, Exception exception, string network, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scanning {Network} recovered after {Failures} failed attempt(s)")]
    private static partial void LogRecovered(ILogger logger, string network, int failures);
}
