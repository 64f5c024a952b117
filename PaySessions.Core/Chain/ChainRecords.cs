using System.Collections.Concurrent;
using System.Numerics;

namespace PaySessions.Core.Chain;

public sealed record BlockHeader(long Number, string Hash, string ParentHash, DateTime Timestamp);

/// <summary>One ERC-20 Transfer event as the chain reports it.</summary>
public sealed record TransferLog(
    string Token, string From, string To, BigInteger Value, string TxHash, int LogIndex, long BlockNumber, string BlockHash, bool Removed);

public sealed record Receipt(string TxHash, bool Succeeded, long BlockNumber, string BlockHash, IReadOnlyList<TransferLog> Transfers);

/// <summary>A transaction as sent: who sent it, to what (null when it created a contract), the native value and the calldata.</summary>
public sealed record ChainTransaction(string TxHash, string From, string? To, BigInteger Value, string Input);

/// <summary>The latest head each network's monitor has seen, for screens and claims that need a confirmation count.</summary>
public sealed class ChainHeads
{
    private readonly ConcurrentDictionary<string, BlockHeader> _heads = new();

    public void Set(string network, BlockHeader head) => _heads[network] = head;

    public BlockHeader? Get(string network) => _heads.TryGetValue(network, out var head) ? head : null;
}

/// <summary>What one look at a chain found.</summary>
public abstract record ChainObservation(long Head);

/// <summary>Nothing to record; <paramref name="LookAgain"/> when the node lagged and another look should follow at once.</summary>
public sealed record NothingNew(long Head, bool LookAgain) : ChainObservation(Head);

/// <summary>The blocks above <paramref name="ForkBlock"/> were replaced.</summary>
public sealed record ChainReorganised(long Head, long ForkBlock, string ForkHash) : ChainObservation(Head);

/// <summary>Blocks <paramref name="From"/>..<paramref name="To"/>: every watched transfer in them and when their blocks were mined.</summary>
public sealed record NewBlocks(long Head, long From, long To, BlockHeader ToHeader, IReadOnlyList<TransferLog> Logs, IReadOnlyDictionary<long, DateTime> BlockTimes)
    : ChainObservation(Head);
