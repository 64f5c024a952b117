using PaySessions.Core.Chain;

namespace PaySessions.Core.Payments;

/// <summary>
/// What the payments side reads from a chain to verify transfers itself: receipts, block times and the head.
/// Implemented over JSON-RPC by the chain side; payments never talk to a node directly.
/// </summary>
public interface IChainReader
{
    /// <summary>False when no node is configured for the network.</summary>
    bool CanRead(string network);

    /// <summary>The mined receipt, or null when the chain does not show the transaction (unknown or not mined yet).</summary>
    Task<Receipt?> GetReceiptAsync(string network, string txHash, CancellationToken cancellationToken);

    /// <summary>The transaction as sent (sender, recipient, value, calldata), or null when the chain does not know it.</summary>
    Task<ChainTransaction?> GetTransactionAsync(string network, string txHash, CancellationToken cancellationToken);

    Task<DateTime?> GetBlockTimeAsync(string network, long blockNumber, CancellationToken cancellationToken);

    /// <summary>The newest head the monitor has seen, if any.</summary>
    long? KnownHead(string network);
}

/// <summary>The network's node cannot be reached or answered with an error; the caller retries later.</summary>
public sealed class ChainUnavailableException(string network, Exception inner)
    : Exception($"{network} cannot be reached right now.", inner);
