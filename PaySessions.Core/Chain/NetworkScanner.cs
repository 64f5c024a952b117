using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Chain;

/// <summary>
/// Follows one network's chain: for each new block range it issues ONE eth_getLogs filtered by the watched
/// tokens, the Transfer topic and the merchants' wallets, and reports the transfers it saw; it keeps a persisted
/// cursor. Stored block hashes reveal reorganisations; it then reports the fork to walk back to.
/// </summary>
public sealed partial class NetworkScanner(
    Network network,
    IReadOnlyCollection<string> tokens,
    EthRpc rpc,
    IDbContextFactory<PayDbContext> dbFactory,
    ChainHeads heads,
    ChainOptions options,
    RecipientWatch watch,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan WatchListLifetime = TimeSpan.FromSeconds(5);

    /// <summary>How far ahead of the cursor a head may be for its ancestry to be followed hash by hash.</summary>
    private const int LinkWindow = 64;

    private readonly SortedDictionary<long, string> _recent = [];
    private readonly Dictionary<long, string> _linked = [];
    private bool _chainChecked;
    private bool _loaded;
    private long _cursor;
    private string _cursorHash = "";
    private string[] _recipients = [];
    private DateTimeOffset _recipientsLoadedAt = DateTimeOffset.MinValue;

    public Network Network => network;

    /// <summary>
    /// Looks at the head (or uses the one a subscription pushed) and reports what is new: nothing, a
    /// reorganisation back to a fork, or up to MaxBlockRange new blocks with their transfers. Writes nothing but
    /// the first cursor; the monitor hands the observation to the ledger, then tells the scanner to move on.
    /// </summary>
    public async Task<ChainObservation> ObserveAsync(BlockHeader? pushedHead, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var head = pushedHead ?? await rpc.GetBlockAsync(null, cancellationToken)
            ?? throw new InvalidOperationException($"The {network.Name} node returned no latest block.");
        heads.Set(network.Name, head);
        if (!_loaded)
        {
            // First look at this network: begin at the head, as nothing from before can be owed to us; unless payments
            // were opened here before this look (the first sale beat the first scan, or the network was offered before
            // its node answered): then just before the first block that could hold a transfer for them.
            var start = await FirstBlockAsync(head, cancellationToken);
            await SaveCursorAsync(start.Number, start.Hash, [(start.Number, start.Hash)], cancellationToken);
            _loaded = true;
            return new NothingNew(head.Number, LookAgain: start.Number < head.Number);
        }

        if (head.Number == _cursor && head.Hash == _cursorHash)
        {
            return new NothingNew(head.Number, LookAgain: false);
        }

        if (await ForkedAsync(head, cancellationToken))
        {
            // A node that fails over, or is re-pointed, to another chain looks exactly like a reorganisation: ask
            // again which chain this is before undoing anything we scanned, or the other chain's blocks would be read as ours.
            await CheckChainAsync(cancellationToken);
            var (forkNumber, forkHash) = await FindForkAsync(Math.Min(head.Number, _cursor), cancellationToken);
            return new ChainReorganised(head.Number, forkNumber, forkHash);
        }

        if (head.Number <= _cursor)
        {
            return new NothingNew(head.Number, LookAgain: false);
        }

        var from = _cursor + 1;
        var to = Math.Min(head.Number, from + options.MaxBlockRange - 1);
        var recipients = await RecipientsAsync(cancellationToken);
        IReadOnlyList<TransferLog> logs;
        BlockHeader? toHeader;
        if (from == to && to == head.Number)
        {
            // The usual step: one new block, asked for by its hash.
            toHeader = head;
            logs = recipients.Length == 0 ? [] : await rpc.GetTransfersAsync(head.Hash, tokens, recipients, cancellationToken);
        }
        else
        {
            // Catching up: a range, then proof that the node answering has the range's last block as we think.
            logs = recipients.Length == 0 ? [] : await rpc.GetTransfersAsync(from, to, tokens, recipients, cancellationToken);
            toHeader = await rpc.GetBlockAsync(to, cancellationToken);
            if (toHeader is null || (to == head.Number && toHeader.Hash != head.Hash) || (_linked.TryGetValue(to, out var linkedTo) && linkedTo != toHeader.Hash) || logs.Any(l => l.BlockNumber == to && l.BlockHash != toHeader.Hash))
            {
                return new NothingNew(head.Number, LookAgain: true); // a lagging node, or the chain moved between our calls
            }
        }

        var headers = await LogBlocksAsync(logs, toHeader, cancellationToken);
        if (logs.Any(l => !headers.TryGetValue(l.BlockNumber, out var header) || header.Hash != l.BlockHash
            || (_linked.TryGetValue(l.BlockNumber, out var linked) && linked != l.BlockHash)))
        {
            // Logs from a block the chain does not hold at that height (a node answering from two forks, or behind a
            // balancer mixing nodes): recording them would let a transfer that is not on this chain count.
            return new NothingNew(head.Number, LookAgain: true);
        }

        return new NewBlocks(head.Number, from, to, toHeader, logs, headers.ToDictionary(h => h.Key, h => h.Value.Timestamp));
    }

    /// <summary>The ledger has undone everything above the fork: scanning resumes from there.</summary>
    public async Task RewindAsync(ChainReorganised reorg, CancellationToken cancellationToken)
    {
        foreach (var stale in _recent.Keys.Where(n => n > reorg.ForkBlock).ToList())
        {
            _recent.Remove(stale);
        }

        await SaveCursorAsync(reorg.ForkBlock, reorg.ForkHash, [], cancellationToken, dropAbove: true);
    }

    /// <summary>The ledger has recorded the blocks' transfers: the cursor moves past them (a crash before this re-scans them, harmlessly).</summary>
    public Task AdvanceAsync(NewBlocks blocks, CancellationToken cancellationToken)
    {
        var seen = blocks.Logs.Select(l => (l.BlockNumber, l.BlockHash)).Append((blocks.ToHeader.Number, blocks.ToHeader.Hash)).Distinct().ToList();
        return SaveCursorAsync(blocks.To, blocks.ToHeader.Hash, seen, cancellationToken);
    }

    private async Task SaveCursorAsync(long number, string hash, IReadOnlyList<(long Number, string Hash)> blocks, CancellationToken cancellationToken, bool dropAbove = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var cursor = await db.ChainCursors.FirstOrDefaultAsync(c => c.Network == network.Name, cancellationToken);
        if (cursor is null)
        {
            db.ChainCursors.Add(new ChainCursor { Network = network.Name, LastBlock = number, LastHash = hash, UpdatedAt = now });
        }
        else
        {
            cursor.LastBlock = number;
            cursor.LastHash = hash;
            cursor.UpdatedAt = now;
        }

        if (dropAbove)
        {
            await db.ChainBlocks.Where(b => b.Network == network.Name && b.Number > number).ExecuteDeleteAsync(cancellationToken);
        }

        foreach (var (blockNumber, blockHash) in blocks)
        {
            var existing = await db.ChainBlocks.FirstOrDefaultAsync(b => b.Network == network.Name && b.Number == blockNumber, cancellationToken);
            if (existing is null)
            {
                db.ChainBlocks.Add(new ChainBlock { Network = network.Name, Number = blockNumber, Hash = blockHash });
            }
            else
            {
                existing.Hash = blockHash;
            }

            _recent[blockNumber] = blockHash;
        }

        var horizon = number - options.ReorgWindow;
        await db.SaveChangesAsync(cancellationToken);
        await db.ChainBlocks.Where(b => b.Network == network.Name && b.Number < horizon).ExecuteDeleteAsync(cancellationToken);
        foreach (var old in _recent.Keys.TakeWhile(n => n < horizon).ToList())
        {
            _recent.Remove(old);
        }

        _cursor = number;
        _cursorHash = hash;
    }

    /// <summary>
    /// The receiving addresses on this network: read from the database every few seconds, and widened at once by the
    /// addresses the app's saves have just added (<see cref="RecipientWatch"/>).
    /// </summary>
    private async Task<string[]> RecipientsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _recipientsLoadedAt < WatchListLifetime)
        {
            return watch.Widen(network.Name, _recipients);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Merchants' configured wallets, plus every recipient an open payment names: a voucher's payee wallet, or a
        // store wallet replaced since the payment opened (the payment keeps its recipient until its window ends).
        var wallets = await db.MerchantWallets.AsNoTracking()
            .Where(w => w.Network == network.Name)
            .Select(w => w.Address)
            .ToListAsync(cancellationToken);
        var named = await db.Payments.AsNoTracking()
            .Where(p => p.HoldsAmount && p.Network == network.Name)
            .Select(p => p.Recipient)
            .Distinct()
            .ToListAsync(cancellationToken);
        _recipients = wallets.Concat(named).Distinct().Order(StringComparer.Ordinal).ToArray();
        _recipientsLoadedAt = now;
        watch.Read(network.Name, now);
        return watch.Widen(network.Name, _recipients);
    }

    /// <summary>The header of each block holding a transfer (when it was mined decides "paid late"; its hash proves the log is on this chain); extra calls only for catch-up ranges.</summary>
    private async Task<Dictionary<long, BlockHeader>> LogBlocksAsync(IReadOnlyList<TransferLog> logs, BlockHeader toHeader, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<long, BlockHeader> { [toHeader.Number] = toHeader };
        foreach (var number in logs.Select(l => l.BlockNumber).Distinct().Where(n => !headers.ContainsKey(n)))
        {
            if (await rpc.GetBlockAsync(number, cancellationToken) is { } header)
            {
                headers[number] = header;
            }
        }

        return headers;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Reorganisation on {Network} deeper than the remembered window; re-scanning from block {Block}")]
    private static partial void LogDeepReorg(ILogger logger, string network, long block);
}
