using System.Numerics;

namespace PaySessions.Core.Payments;

public enum RefundStatus
{
    /// <summary>The transfer was prepared for the store's wallet to sign; nothing is on chain yet.</summary>
    Prepared = 0,

    /// <summary>The wallet sent it: the app waits for the chain to show it, deep enough.</summary>
    Submitted = 1,

    /// <summary>The chain shows the store's wallet sent the amount to the payer: recorded on the payment.</summary>
    Confirmed = 2,

    /// <summary>The transaction reverted, never appeared, or does not send what was prepared.</summary>
    Failed = 3,
}

/// <summary>
/// Money sent back to the payer from the store's own wallet. The app never holds a key: it prepares the ERC-20
/// transfer, the manager signs it in their browser wallet, and the refund counts only once the chain shows
/// exactly that transfer (token, from the store's wallet, to the payer, amount) at the network's confirmation depth.
/// </summary>
public sealed class Refund
{
    /// <summary>A prepared refund nobody sent within this long no longer holds back the refundable amount.</summary>
    public static readonly TimeSpan PreparedLifetime = TimeSpan.FromMinutes(30);

    /// <summary>A sent refund the chain has not shown within this long has failed.</summary>
    public static readonly TimeSpan SubmittedLifetime = TimeSpan.FromHours(2);

    private Refund()
    {
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();

    /// <summary><c>rf_</c> and 24 hex digits.</summary>
    public string PublicId { get; private set; } = "";

    public Guid MerchantId { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid PaymentId { get; private set; }

    public string Network { get; private set; } = "";

    public long ChainId { get; private set; }

    public string Token { get; private set; } = "";

    public int Decimals { get; private set; }

    public string Asset { get; private set; } = "";

    /// <summary>The store's wallet the payment was paid to, which sends the refund.</summary>
    public string From { get; private set; } = "";

    /// <summary>The payer's address: the sender of the payment's transfer.</summary>
    public string To { get; private set; } = "";

    public BigInteger Amount { get; private set; }

    public RefundStatus Status { get; private set; }

    public string? TxHash { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Who asked for it (<see cref="Events.Actors"/>).</summary>
    public string? RequestedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    public DateTime? ConfirmedAt { get; private set; }

    /// <summary>Still holding back part of the refundable amount: sent, or prepared recently.</summary>
    public bool Holds(DateTime now) => Status == RefundStatus.Submitted || (Status == RefundStatus.Prepared && now - CreatedAt < PreparedLifetime);

    public static Refund Prepare(Payment payment, string payer, BigInteger amount, string? requestedBy, DateTime now) => new()
    {
        PublicId = "rf_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
        MerchantId = payment.MerchantId,
        SessionId = payment.SessionId,
        PaymentId = payment.Id,
        Network = payment.Network,
        ChainId = payment.ChainId,
        Token = payment.TokenContract,
        Decimals = payment.Decimals,
        Asset = payment.Asset,
        From = payment.Recipient,
        To = payer,
        Amount = amount,
        Status = RefundStatus.Prepared,
        RequestedBy = requestedBy,
        CreatedAt = now,
    };

    public bool Submit(string txHash, DateTime now)
    {
        if (Status != RefundStatus.Prepared)
        {
            return false;
        }

        (Status, TxHash, SubmittedAt) = (RefundStatus.Submitted, txHash, now);
        return true;
    }

    public void Confirm(DateTime now) => (Status, ConfirmedAt) = (RefundStatus.Confirmed, now);

    public void Fail(string error) => (Status, Error) = (RefundStatus.Failed, error);
}
