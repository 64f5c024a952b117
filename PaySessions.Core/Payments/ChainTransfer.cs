using System.Numerics;
using PaySessions.Core.Chain;

namespace PaySessions.Core.Payments;

/// <summary>
/// An ERC-20 transfer to a merchant wallet, as seen on chain. (Network, TxHash, LogIndex) is unique in the
/// database, so one transfer can pay at most one payment. Transfers that match nothing are kept, unmatched.
/// </summary>
public sealed class ChainTransfer
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Network { get; set; }

    public required string TxHash { get; set; }

    public int LogIndex { get; set; }

    public long BlockNumber { get; set; }

    public required string BlockHash { get; set; }

    public DateTime BlockTime { get; set; }

    public required string Token { get; set; }

    public required string From { get; set; }

    public required string To { get; set; }

    public BigInteger Value { get; set; }

    /// <summary>The payment this transfer pays; null while unmatched.</summary>
    public Guid? PaymentId { get; set; }

    /// <summary>The block holding it was orphaned by a reorganisation; it pays nothing unless seen again.</summary>
    public bool Removed { get; set; }

    public DateTime SeenAt { get; set; }

    /// <summary>An unmatched transfer someone looked at and set aside (a test, a donation, a mistake handled elsewhere).</summary>
    public DateTime? IgnoredAt { get; set; }

    /// <summary>Who set it aside (<see cref="Events.Actors"/>).</summary>
    public string? IgnoredBy { get; set; }

    public string? IgnoreNote { get; set; }

    public static ChainTransfer Seen(string network, TransferLog log, DateTime blockTime, DateTime now) => new()
    {
        Network = network,
        TxHash = log.TxHash,
        LogIndex = log.LogIndex,
        BlockNumber = log.BlockNumber,
        BlockHash = log.BlockHash,
        BlockTime = blockTime,
        Token = log.Token,
        From = log.From,
        To = log.To,
        Value = log.Value,
        SeenAt = now,
    };

    /// <summary>Seen on chain again: a re-scan, or the same transaction re-mined in another block after a reorganisation.</summary>
    public void SeenAgain(TransferLog log, DateTime blockTime)
    {
        BlockNumber = log.BlockNumber;
        BlockHash = log.BlockHash;
        BlockTime = blockTime;
        Removed = false;
    }
}
