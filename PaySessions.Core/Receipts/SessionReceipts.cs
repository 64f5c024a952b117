using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Fx;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Receipts;

/// <summary>What the customer keeps once a sale is paid: who was paid, how much in fiat and in the token, where on chain, when.</summary>
public sealed record ReceiptView(
    Guid SessionId,
    Guid MerchantId,
    string StoreName,
    string Descriptor,
    string ReferenceNumber,
    string Fiat,
    string Token,
    string Asset,
    string NetworkName,
    string? TxHash,
    string? TxLink,
    DateTime PaidAt);

/// <summary>A session found by its id: whose it is, where it stands now, and its receipt once it is paid (null before).</summary>
public sealed record ReceiptLookup(Guid MerchantId, string StoreName, PaymentStatus Status, ReceiptView? Receipt);

/// <summary>
/// Receipts of paid sales. Public like the checkout page: the session id is the capability, so whoever holds the link
/// (the customer, from the checkout page or the receipt's QR code) may read it. Only a succeeded sale has one.
/// </summary>
public sealed class SessionReceipts(IDbContextFactory<PayDbContext> dbFactory, NetworkCatalog catalog, TimeProvider time)
{
    /// <summary>Null when no session has this id.</summary>
    public async Task<ReceiptLookup?> FindAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var storeName = await db.Merchants.Where(m => m.Id == session.MerchantId).Select(m => m.Name).FirstAsync(cancellationToken);
        var payment = session.TransactionId is { } paymentId
            ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId, cancellationToken)
            : null;
        return new ReceiptLookup(session.MerchantId, storeName, session.StatusAt(time.GetUtcNow().UtcDateTime), Of(session, payment, storeName));
    }

    /// <summary>The receipt of a session its caller already read; null unless the sale and its paying payment succeeded.</summary>
    public ReceiptView? Of(PaySession session, Payment? payment, string storeName)
    {
        if (session.Status != PaymentStatus.Succeeded || payment is not { Status: PaymentStatus.Succeeded } paid || paid.SessionId != session.Id)
        {
            return null;
        }

        var network = catalog.FindNetwork(paid.Network);
        return new ReceiptView(
            session.Id, session.MerchantId, storeName, session.Descriptor, session.ReferenceNumber,
            FiatCurrencies.Format(session.Amount, session.AmountCurrency),
            TokenAmount.Format(paid.Paid, paid.Decimals), paid.Asset, network?.DisplayName ?? paid.Network,
            paid.TxHash, network?.TxLink(paid.TxHash), paid.SettledAt ?? paid.UpdatedAt);
    }
}
