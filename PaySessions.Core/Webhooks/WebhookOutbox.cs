using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Vouchers;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// Turns the events of one save into messages and queues one delivery per interested endpoint, inside that
/// save: the outbox commits or rolls back with the change. Called by <see cref="EventDispatcher"/> only.
/// Without a renderer (the core alone, in tests) nothing is composed.
/// </summary>
public sealed class WebhookOutbox(WebhookDirectory directory, LiveFeed feed, IWebhookRenderer? renderer = null)
{
    /// <summary>Composes and queues; returns the messages live listeners want (checkout-format payloads are for endpoints only).</summary>
    internal IReadOnlyList<OutboundMessage> Queue(PayDbContext db, IReadOnlyList<DomainEvent> events, IReadOnlyList<Aggregate> tracked, out bool queued)
    {
        queued = false;
        if (renderer is null)
        {
            return [];
        }

        List<OutboundMessage>? live = null;
        var facts = new Facts(db, tracked);
        var seen = new HashSet<(string, Guid)>();
        foreach (var domainEvent in events)
        {
            if (domainEvent.MerchantId is not { } merchantId)
            {
                continue;
            }

            var endpoints = directory.For(merchantId, db);
            var watched = feed.IsWatched(merchantId, domainEvent.SessionId);
            if (endpoints.Count == 0 && !watched)
            {
                continue;
            }

            var first = true;
            foreach (var route in WebhookRoutes.For(domainEvent, facts))
            {
                if (!seen.Add((route.Type, route.ResourceId)))
                {
                    continue;
                }

                var messageId = first ? domainEvent.EventId : DerivedId(domainEvent.EventId, route.Type);
                first = false;
                var checkout = route.Type == WebhookRoutes.CheckoutStatus;
                var targets = endpoints.Where(e => checkout ? e.Format == WebhookFormat.Checkout : e.Format == WebhookFormat.Standard && e.Wants(route.Type)).ToList();
                if (targets.Count == 0 && (checkout || !watched))
                {
                    continue;
                }

                var body = checkout ? CheckoutBody(route, facts, domainEvent.OccurredAt) : StandardBody(route, facts, domainEvent.OccurredAt);
                if (body is null)
                {
                    continue;
                }

                var message = new OutboundMessage(messageId, domainEvent.EventId, merchantId, domainEvent.SessionId, domainEvent.PaymentId, route.Type, domainEvent.OccurredAt, body);
                foreach (var endpoint in targets)
                {
                    db.WebhookDeliveries.Add(WebhookDelivery.Queue(endpoint, message, body));
                    queued = true;
                }

                if (watched && !checkout)
                {
                    (live ??= []).Add(message);
                }
            }
        }

        return live ?? (IReadOnlyList<OutboundMessage>)[];
    }

    /// <summary>A second message from one event gets its own stable id, so receivers that drop repeated ids keep both.</summary>
    public static Guid DerivedId(Guid eventId, string type)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId:N}/{type}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    private string? StandardBody(WebhookRoute route, Facts facts, DateTime at)
    {
        var data = route.Resource switch
        {
            WebhookResource.Session => facts.Session(route.ResourceId) is { } session ? renderer!.Session(session, at) : null,
            WebhookResource.Transaction => facts.Payment(route.ResourceId) is { } payment && facts.Session(payment.SessionId) is { } sale
                ? renderer!.Transaction(payment, sale, at)
                : null,
            WebhookResource.Voucher => facts.VoucherView(route.ResourceId, at) is { } voucher ? renderer!.Voucher(voucher) : null,
            WebhookResource.VoucherSession => facts.VoucherSession(route.ResourceId) is { } session ? renderer!.VoucherSession(session) : null,
            _ => null,
        };
        if (data is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", route.Type);
            json.WriteString("timestamp", at);
            json.WritePropertyName("data");
            json.WriteRawValue(data, skipInputValidation: true);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private string? CheckoutBody(WebhookRoute route, Facts facts, DateTime at) =>
        facts.Payment(route.ResourceId) is { } payment && facts.Session(payment.SessionId) is { } session
            ? renderer!.CheckoutStatus(payment, session, at)
            : null;

    /// <summary>Reads what the save holds first (the state being committed), the database for the rest.</summary>
    private sealed class Facts(PayDbContext db, IReadOnlyList<Aggregate> tracked) : IWebhookFacts
    {
        public PaySession? Session(Guid id) =>
            tracked.OfType<PaySession>().FirstOrDefault(s => s.Id == id) ?? db.Sessions.AsNoTracking().FirstOrDefault(s => s.Id == id);

        public Payment? Payment(Guid id) =>
            tracked.OfType<Payment>().FirstOrDefault(p => p.Id == id) ?? db.Payments.AsNoTracking().FirstOrDefault(p => p.Id == id);

        public Voucher? VoucherOf(Guid paySessionId) =>
            tracked.OfType<Voucher>().FirstOrDefault(v => v.PaySessionId == paySessionId)
            ?? db.Vouchers.AsNoTracking().FirstOrDefault(v => v.PaySessionId == paySessionId);

        public VoucherSession? VoucherSession(Guid id) =>
            tracked.OfType<VoucherSession>().FirstOrDefault(s => s.Id == id) ?? db.VoucherSessions.AsNoTracking().FirstOrDefault(s => s.Id == id);

        public VoucherView? VoucherView(Guid voucherId, DateTime at)
        {
            var voucher = tracked.OfType<Voucher>().FirstOrDefault(v => v.Id == voucherId) ?? db.Vouchers.AsNoTracking().FirstOrDefault(v => v.Id == voucherId);
            if (voucher is null)
            {
                return null;
            }

            // A standalone voucher (reserved with the context code) has no session.
            var session = voucher.VoucherSessionId is { } sessionId ? VoucherSession(sessionId) : null;
            var payment = voucher.PaySessionId is { } paySessionId && Session(paySessionId)?.TransactionId is { } transactionId ? Payment(transactionId) : null;
            return new VoucherView(voucher, voucher.StatusAt(at, payment?.Status), session?.PublicId, payment);
        }
    }
}
