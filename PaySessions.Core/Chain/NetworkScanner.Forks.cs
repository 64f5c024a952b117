namespace PaySessions.Core.Chain;

/// <summary>How the scanner tells a reorganisation (or a node answering from another fork) from a chain that moved on.</summary>
public sealed partial class NetworkScanner
{
    /// <summary>Does the new head still build on the blocks we scanned?</summary>
    private async Task<bool> ForkedAsync(BlockHeader head, CancellationToken cancellationToken)
    {
        _linked.Clear();
        _linked[head.Number] = head.Hash;
        if (head.Number == _cursor + 1)
        {
            return head.ParentHash != _cursorHash;
        }

        if (head.Number > _cursor && head.Number - _cursor <= LinkWindow)
        {
            // Follow the parent hashes from the head down to the block after ours. Asking by hash cannot be answered
            // from another fork (a balancer mixing nodes, a node switching sides), where asking by number can.
            var link = head;
            while (link.Number > _cursor + 1)
            {
                link = await rpc.GetBlockByHashAsync(link.ParentHash, cancellationToken)
                    ?? throw new InvalidOperationException($"The {network.Name} node reports head {head.Number} but not its ancestor {link.ParentHash}; retrying.");
                _linked[link.Number] = link.Hash;
            }

            return link.ParentHash != _cursorHash;
        }

        if (head.Number > _cursor)
        {
            var atCursor = await rpc.GetBlockAsync(_cursor, cancellationToken)
                ?? throw new InvalidOperationException($"The {network.Name} node reports head {head.Number} but not block {_cursor}; retrying.");
            return atCursor.Hash != _cursorHash;
        }

        // Not longer than what we scanned: a replacement only if we remember that height with another hash.
        // Anything else is a node lagging behind, which must not look like a reorganisation.
        return _recent.TryGetValue(head.Number, out var known) && known != head.Hash;
    }

    /// <summary>Walks back from <paramref name="start"/> to the newest block whose hash we recorded and the chain still has.</summary>
    private async Task<(long Number, string Hash)> FindForkAsync(long start, CancellationToken cancellationToken)
    {
        foreach (var number in _recent.Keys.Where(n => n <= start).Reverse().ToList())
        {
            var block = await rpc.GetBlockAsync(number, cancellationToken);
            if (block is not null && block.Hash == _recent[number])
            {
                return (number, block.Hash);
            }
        }

        // Deeper than everything we remember: re-scan the whole window from the chain's own blocks.
        var oldest = Math.Max(0, (_recent.Count > 0 ? _recent.Keys.First() : start) - 1);
        var fallback = await rpc.GetBlockAsync(oldest, cancellationToken);
        LogDeepReorg(logger, network.Name, oldest);
        return (oldest, fallback?.Hash ?? "");
    }
}
