using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Payments;

namespace PaySessions.Core.Chain;

/// <summary>Where the scanner starts: the chain checked, the saved cursor resumed, or on a first look, the block to begin at.</summary>
public sealed partial class NetworkScanner
{
    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (!_chainChecked)
        {
            await CheckChainAsync(cancellationToken);
            _chainChecked = true;
        }

        if (_loaded)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cursor = await db.ChainCursors.AsNoTracking().FirstOrDefaultAsync(c => c.Network == network.Name, cancellationToken);
        if (cursor is null)
        {
            return;
        }

        _cursor = cursor.LastBlock;
        _cursorHash = cursor.LastHash;
        foreach (var block in await db.ChainBlocks.AsNoTracking().Where(b => b.Network == network.Name).ToListAsync(cancellationToken))
        {
            _recent[block.Number] = block.Hash;
        }

        _loaded = true;
        LogResuming(logger, network.Name, _cursor);
    }

    /// <summary>
    /// Where a first scan begins: the head, or, when payments on this network already hold their amounts, the newest
    /// block mined before the oldest of them was opened (less the clock skew a payment allows), found by bisecting
    /// block times: about 25 calls once in a network's life, instead of a first sale that is never seen.
    /// </summary>
    private async Task<BlockHeader> FirstBlockAsync(BlockHeader head, CancellationToken cancellationToken)
    {
        DateTime? oldest;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            oldest = await db.Payments.AsNoTracking()
                .Where(p => p.HoldsAmount && p.Network == network.Name)
                .MinAsync(p => (DateTime?)p.CreatedAt, cancellationToken);
        }

        if (oldest is null || head.Timestamp < oldest.Value - Payment.ClockSkew || head.Number == 0)
        {
            return head;
        }

        // The first block that could pay the oldest payment lies in (low, high]: block `high` (the head) could.
        var notBefore = oldest.Value - Payment.ClockSkew;
        long low = -1, high = head.Number;
        var found = head;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            var block = await rpc.GetBlockAsync(middle, cancellationToken)
                ?? throw new InvalidOperationException($"The {network.Name} node has no block {middle} below its head {head.Number}.");
            if (block.Timestamp < notBefore)
            {
                low = middle;
            }
            else
            {
                (high, found) = (middle, block);
            }
        }

        if (high == 0)
        {
            return found; // the genesis block: nothing to look at before it
        }

        var before = await rpc.GetBlockAsync(high - 1, cancellationToken)
            ?? throw new InvalidOperationException($"The {network.Name} node has no block {high - 1} below its head {head.Number}.");
        LogFirstScanBack(logger, network.Name, before.Number, head.Number);
        return before;
    }

    /// <summary>Never settle payments from the wrong chain because an RPC URL was mistyped or a node serves another chain.</summary>
    private async Task CheckChainAsync(CancellationToken cancellationToken)
    {
        var chainId = await rpc.ChainIdAsync(cancellationToken);
        if (chainId != network.ChainId)
        {
            throw new InvalidOperationException($"The RPC of {network.Name} serves chain {chainId}, not {network.ChainId}; not scanning it.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain monitor for {Network} resumes after block {Block}")]
    private static partial void LogResuming(ILogger logger, string network, long block);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain monitor for {Network} starts at block {Block}, behind the head {Head}: payments were opened before its first look")]
    private static partial void LogFirstScanBack(ILogger logger, string network, long block, long head);
}
