using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Events;
using PaySessions.Core.Fx;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Users;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.History;

/// <summary>
/// A sale's details and timeline for the back office, read from the event log, the payments, their transfers and the
/// webhook delivery log. Scoped to one store: another store's session reads as unknown (null).
/// </summary>
public sealed class SessionTimeline(IDbContextFactory<PayDbContext> dbFactory, NetworkCatalog catalog, WebhookReads webhooks)
{
    public async Task<SaleDetails?> FindAsync(Guid merchantId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.MerchantId == merchantId, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var storeName = await db.Merchants.Where(m => m.Id == merchantId).Select(m => m.Name).FirstAsync(cancellationToken);
        var payments = await db.Payments.Where(p => p.SessionId == sessionId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        var paymentIds = payments.Select(p => p.Id).ToList();
        var transfers = await db.ChainTransfers.Where(t => t.PaymentId != null && paymentIds.Contains(t.PaymentId.Value))
            .OrderBy(t => t.BlockNumber).ThenBy(t => t.LogIndex).ToListAsync(cancellationToken);
        var log = await db.Events.Where(e => e.SessionId == sessionId && e.MerchantId == merchantId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var deliveries = await webhooks.ForSessionAsync(merchantId, sessionId, cancellationToken);

        var actors = log.Select(e => TimelineNarrator.Read(e)?.Actor).OfType<string>().ToHashSet();
        if (session.CashierId is { } cashierId)
        {
            actors.Add(Actors.User(cashierId));
        }

        var names = await ActorNamesAsync(db, merchantId, actors, cancellationToken);
        var networks = payments.Select(p => p.Network).Distinct()
            .Select(catalog.FindNetwork).OfType<Network>().ToDictionary(n => n.Name);
        var rungUpBy = session.CashierId is { } cashier ? names.GetValueOrDefault(Actors.User(cashier)) : null;
        var facts = new TimelineFacts(session, payments, networks, transfers, names, rungUpBy);
        return new SaleDetails(
            session, storeName, rungUpBy,
            payments.Select(p => Details(p, session.Amount, session.AmountCurrency, networks.GetValueOrDefault(p.Network), transfers)).ToList(),
            TimelineNarrator.Tell(facts, log, deliveries));
    }

    private static PaymentDetails Details(Payment payment, decimal fiat, string currency, Network? network, IReadOnlyList<ChainTransfer> transfers) => new(
        payment.Id, payment.Status, payment.ExceptionStatus, payment.Network, network?.DisplayName ?? payment.Network, payment.Asset,
        FiatCurrencies.Format(fiat, currency),
        TokenAmount.Format(payment.Amount, payment.Decimals),
        TokenAmount.Format(payment.Paid, payment.Decimals),
        payment.Rate,
        payment.Rate > 0 ? $"1 {payment.Asset} = {TimelineNarrator.Price(payment.Rate)} {currency}" : "",
        payment.Confirmations, payment.RequiredConfirmations,
        payment.TxHash, network?.TxLink(payment.TxHash),
        transfers.Where(t => t.PaymentId == payment.Id && !t.Removed).Select(t => t.From).Distinct().ToList(),
        payment.CreatedAt, payment.SettledAt);

    /// <summary>
    /// "Alice (cashier)" for a user, "the key “Web shop” (ak_12ab34c…)" for an API key; only this store's keys are named.
    /// The role is the user's role in the store today, which is what a manager asking "who is that?" wants to know.
    /// </summary>
    private static async Task<Dictionary<string, string>> ActorNamesAsync(PayDbContext db, Guid merchantId, IReadOnlyCollection<string> actors, CancellationToken cancellationToken)
    {
        var userIds = actors.Select(Actors.UserId).OfType<Guid>().ToList();
        var keyIds = actors.Select(Actors.KeyId).OfType<Guid>().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToListAsync(cancellationToken);
        var roles = await db.Memberships.Where(m => m.MerchantId == merchantId && userIds.Contains(m.UserId)).ToDictionaryAsync(m => m.UserId, m => m.Role, cancellationToken);
        var keys = await db.ApiKeys.Where(k => k.MerchantId == merchantId && keyIds.Contains(k.Id)).Select(k => new { k.Id, k.Label, k.Prefix }).ToListAsync(cancellationToken);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            names[Actors.User(user.Id)] = roles.TryGetValue(user.Id, out var role)
                ? $"{user.UserName} ({role.Name()})"
                : $"{user.UserName} (no longer in this store)";
        }

        foreach (var key in keys)
        {
            names[Actors.Key(key.Id)] = key.Label.Length > 0 ? $"the key “{key.Label}” ({key.Prefix}…)" : $"the key {key.Prefix}…";
        }

        return names;
    }
}
