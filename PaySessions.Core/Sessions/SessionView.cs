using PaySessions.Core.Payments;

namespace PaySessions.Core.Sessions;

/// <summary>Everything a screen shows about one sale: the session, who sells, its current transaction and what else could pay it.</summary>
public sealed record SessionView(PaySession Session, string MerchantName, Payment? Transaction, IReadOnlyList<AssetQuote> Quotes);

/// <summary>A payment and the sale it pays: what the checkout API's transaction reports.</summary>
public sealed record SessionPayment(PaySession Session, Payment Payment);
