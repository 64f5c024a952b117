using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.History;

/// <summary>Everything the back office shows about one sale: the session, each payment opened for it, and its story in order.</summary>
public sealed record SaleDetails(
    PaySession Session, string StoreName, string? RungUpBy, IReadOnlyList<PaymentDetails> Payments, IReadOnlyList<TimelineEntry> Entries);

/// <summary>
/// One payment of the sale as a manager reads it. Token amounts are exact decimal text (<see cref="Chain.TokenAmount.Format"/>);
/// <see cref="Fiat"/> is the session's price, formatted. <see cref="Payers"/> are the addresses its live transfers came from.
/// </summary>
public sealed record PaymentDetails(
    Guid Id,
    PaymentStatus Status,
    PaymentException Exception,
    string Network,
    string NetworkName,
    string Asset,
    string Fiat,
    string Asked,
    string Paid,
    decimal Rate,
    string RateText,
    int Confirmations,
    int RequiredConfirmations,
    string? TxHash,
    string? TxLink,
    IReadOnlyList<string> Payers,
    DateTime CreatedAt,
    DateTime? SettledAt)
{
    /// <summary>"USDC on Polygon": how a timeline line names the payment when a sale has several.</summary>
    public string Label => $"{Asset} on {NetworkName}";
}

/// <summary>What kind of step an entry is: screens pick its colour and icon from it.</summary>
public enum TimelineKind
{
    Created,
    AssetChosen,
    TransferSeen,
    Confirmation,
    Paid,
    Exception,
    Reorg,
    Status,
    Manual,
    Refund,
    Webhook,

    /// <summary>An event this version has no sentence for (a newer type, or one added before its line): shown by its name.</summary>
    Other,
}

/// <summary>
/// One line of a sale's timeline, in plain English. <see cref="TxLink"/> is the block explorer's page of <see cref="TxHash"/>
/// when the network has an explorer configured; <see cref="By"/> names who did it when a person or an integration did.
/// </summary>
public sealed record TimelineEntry(DateTime At, TimelineKind Kind, string Text, Guid? PaymentId = null, string? TxHash = null, string? TxLink = null, string? By = null);
