using System.Globalization;
using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Events;
using PaySessions.Core.Fx;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.History;

/// <summary>What the narrator needs besides the log: the sale, its payments, their networks and transfers, and who the actors are.</summary>
public sealed record TimelineFacts(
    PaySession Session,
    IReadOnlyList<Payment> Payments,
    IReadOnlyDictionary<string, Network> Networks,
    IReadOnlyList<ChainTransfer> Transfers,
    IReadOnlyDictionary<string, string> ActorNames,
    string? RungUpBy);

/// <summary>
/// Tells a sale's story from its event log, one plain-English line per step, and slots in the webhook deliveries
/// at the moment their event happened. Pure: no database, no clock. The log carries state changes, so the
/// narrator keeps what each payment showed last (paid, transaction, confirmations) to say what changed.
/// </summary>
public static class TimelineNarrator
{
    public static IReadOnlyList<TimelineEntry> Tell(TimelineFacts facts, IEnumerable<EventRecord> log, IEnumerable<WebhookDeliveryView> deliveries)
    {
        var events = log.OrderBy(e => e.Id).Select(e => (Record: e, Event: Read(e))).ToList();
        var story = new Story(facts, events.Select(e => e.Event).OfType<SessionStatusChanged>().ToList());
        var sent = deliveries.OrderBy(d => d.CreatedAt).ToList();
        var nameEndpoint = sent.Select(d => d.EndpointId).Distinct().Count() > 1;
        var byEvent = ByEvent(events.Select(e => e.Record.EventId), sent);

        // Each delivery right after the event it reports, in queue order; one whose event is not in the log goes last.
        var entries = new List<TimelineEntry>();
        foreach (var (record, domainEvent) in events)
        {
            entries.AddRange(story.Tell(record, domainEvent));
            entries.AddRange(byEvent[record.EventId].Select(d => Webhook(d, nameEndpoint)));
        }

        var placed = byEvent.SelectMany(g => g).ToHashSet();
        entries.AddRange(sent.Where(d => !placed.Contains(d)).Select(d => Webhook(d, nameEndpoint)));
        return entries;
    }

    public static TimelineEntry Webhook(WebhookDeliveryView delivery, bool nameEndpoint)
    {
        var to = nameEndpoint ? $" to {delivery.EndpointId}" : "";
        var answer = delivery.LastStatusCode is { } code ? $"HTTP {code}" : delivery.LastError ?? "no answer";
        var outcome = delivery.Status switch
        {
            WebhookDeliveryStatus.Delivered => $"delivered ({answer}, {Attempts(delivery.Attempts)})",
            WebhookDeliveryStatus.Failed => $"failed ({answer}, {Attempts(delivery.Attempts)})",
            WebhookDeliveryStatus.Canceled => "canceled (its endpoint was deleted)",
            _ when delivery.Attempts == 0 => "waiting to be sent",
            _ => $"retrying ({answer}, {Attempts(delivery.Attempts)} so far)",
        };
        return new TimelineEntry(delivery.CreatedAt, TimelineKind.Webhook, $"Webhook {delivery.Type}{to} → {outcome}");
    }

    /// <summary>
    /// Which event each delivery reports: its message id is the event's id, or for a second message of the same
    /// event (the checkout-format payload) the id the outbox derives from both.
    /// </summary>
    private static ILookup<Guid, WebhookDeliveryView> ByEvent(IEnumerable<Guid> eventIds, IReadOnlyList<WebhookDeliveryView> sent)
    {
        var types = sent.Select(d => d.Type).Distinct().ToList();
        var messages = new Dictionary<Guid, Guid>();
        foreach (var eventId in eventIds)
        {
            messages[eventId] = eventId;
            foreach (var type in types)
            {
                messages.TryAdd(WebhookOutbox.DerivedId(eventId, type), eventId);
            }
        }

        return sent.Where(d => messages.ContainsKey(d.MessageId)).ToLookup(d => messages[d.MessageId]);
    }

    /// <summary>The typed event, or null when this version cannot read it (an unknown type, a shape it does not expect): shown by name.</summary>
    public static DomainEvent? Read(EventRecord record)
    {
        try
        {
            return record.ToEvent();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>"0x1234…cdef": enough to recognise a hash or an address in a sentence; the full value is in the payment's details.</summary>
    public static string Short(string hex) => hex.Length > 14 ? $"{hex[..6]}…{hex[^4..]}" : hex;

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    /// <summary>The running state of one telling: what each payment showed after the events read so far.</summary>
    private sealed class Story(TimelineFacts facts, IReadOnlyList<SessionStatusChanged> sessionChanges)
    {
        private readonly Dictionary<Guid, Payment> _payments = facts.Payments.ToDictionary(p => p.Id);
        private readonly Dictionary<Guid, PaymentProgressed> _shown = [];

        public IReadOnlyList<TimelineEntry> Tell(EventRecord record, DomainEvent? domainEvent)
        {
            var by = domainEvent?.Actor is { } actor ? facts.ActorNames.GetValueOrDefault(actor, "someone no longer known") : null;
            var payment = domainEvent?.PaymentId is { } id ? _payments.GetValueOrDefault(id) : null;
            return (domainEvent, payment) switch
            {
                (SessionCreated created, _) => [Created(created, by ?? facts.RungUpBy)],
                (SessionStatusChanged changed, _) => SessionMoved(changed, by),
                (SessionTransactionChanged, _) => [], // the payment's own events say what happened
                (PaymentCreated created, { } p) => [Chosen(created, p, by)],
                (PaymentProgressed progressed, { } p) => Progressed(progressed, p),
                (PaymentExceptionChanged changed, { } p) => [Exception(changed, p)],
                (PaymentStatusChanged changed, { } p) => PaymentMoved(changed, p),
                (PaymentTransferAttached attached, { } p) => [Attached(attached, p, by)],
                (PaymentRefunded refunded, { } p) => [Refunded(refunded, p, by)],

                // Any type this version does not know still shows, by its name.
                _ => [Line(domainEvent?.OccurredAt ?? record.OccurredAt, TimelineKind.Other, Humanize(record.Type), domainEvent?.PaymentId, by)],
            };
        }

        private TimelineEntry Created(SessionCreated created, string? by)
        {
            var what = facts.Session.Kind == SessionKind.Voucher ? "Voucher payment session created" : "Session created";
            return Line(created.OccurredAt, TimelineKind.Created, $"{what} for {FiatCurrencies.Format(created.Amount, created.AmountCurrency)}", null, by);
        }

        private TimelineEntry Chosen(PaymentCreated created, Payment payment, string? by)
        {
            var amount = $"{Token(BigInteger.Parse(created.Amount, CultureInfo.InvariantCulture), created.Decimals)} {created.Asset}";
            var price = created.Rate > 0 ? $" at {Price(created.Rate)} {facts.Session.AmountCurrency}" : "";
            var where = $"{created.Asset} on {NetworkName(payment)}";
            var text = facts.Session.Kind == SessionKind.Voucher ? $"Asked for {where} — {amount}{price}"
                : by is null ? $"Customer chose {where} — {amount}{price}"
                : $"{where} chosen — {amount}{price}";
            return Line(created.OccurredAt, TimelineKind.AssetChosen, text, payment.Id, by);
        }

        private IReadOnlyList<TimelineEntry> Progressed(PaymentProgressed now, Payment payment)
        {
            var before = _shown.GetValueOrDefault(payment.Id) ?? new PaymentProgressed("0", null, 0, now.RequiredConfirmations) { OccurredAt = now.OccurredAt };
            _shown[payment.Id] = now;
            var (paid, paidBefore) = (BigInteger.Parse(now.Paid, CultureInfo.InvariantCulture), BigInteger.Parse(before.Paid, CultureInfo.InvariantCulture));
            var lines = new List<TimelineEntry>();
            if (paid < paidBefore)
            {
                var text = paid.IsZero
                    ? "A reorganisation took the transfer away"
                    : $"A reorganisation took a transfer away: {Token(paid, payment.Decimals)} {payment.Asset} still seen";
                lines.Add(Transaction(now.OccurredAt, TimelineKind.Reorg, text, payment, before.TxHash));
            }
            else if (now.TxHash is { } hash && (hash != before.TxHash || paid > paidBefore))
            {
                var from = facts.Transfers.FirstOrDefault(t => t.TxHash == hash && t.Network == payment.Network)?.From;
                var amount = paid > paidBefore ? $" ({Token(paid - paidBefore, payment.Decimals)} {payment.Asset})" : "";
                var text = $"Transfer seen: {Short(hash)}{(from is null ? "" : $" from {Short(from)}")}{amount}";
                lines.Add(Transaction(now.OccurredAt, TimelineKind.TransferSeen, text, payment, hash));
            }

            if (now.Confirmations > 0 && (now.Confirmations, now.RequiredConfirmations) != (before.Confirmations, before.RequiredConfirmations))
            {
                lines.Add(Line(now.OccurredAt, TimelineKind.Confirmation, $"Confirmation {now.Confirmations} of {now.RequiredConfirmations}", payment.Id, null));
            }

            return lines;
        }

        private TimelineEntry Attached(PaymentTransferAttached attached, Payment payment, string? by)
        {
            var amount = Token(BigInteger.Parse(attached.Value, CultureInfo.InvariantCulture), payment.Decimals);
            var text = $"Unmatched transfer {Short(attached.TxHash)} from {Short(attached.From)} ({amount} {payment.Asset}) attached";
            return Transaction(attached.OccurredAt, TimelineKind.Manual, by is null ? text : $"{text} by {by}", payment, attached.TxHash) with { By = by };
        }

        private TimelineEntry Refunded(PaymentRefunded refunded, Payment payment, string? by)
        {
            var amount = Token(BigInteger.Parse(refunded.Amount, CultureInfo.InvariantCulture), payment.Decimals);
            var total = Token(BigInteger.Parse(refunded.TotalRefunded, CultureInfo.InvariantCulture), payment.Decimals);
            var text = refunded.Full
                ? $"Refunded in full: {amount} {payment.Asset} sent back to the payer ({total} in all)"
                : $"Partly refunded: {amount} {payment.Asset} sent back to the payer ({total} in all)";
            return Transaction(refunded.OccurredAt, TimelineKind.Refund, by is null ? text : $"{text}, asked by {by}", payment, refunded.TxHash) with { By = by };
        }

        private TimelineEntry Exception(PaymentExceptionChanged changed, Payment payment)
        {
            var shown = _shown.GetValueOrDefault(payment.Id);
            var paid = $"{Token(shown is null ? payment.Paid : BigInteger.Parse(shown.Paid, CultureInfo.InvariantCulture), payment.Decimals)} {payment.Asset}";
            var asked = Token(payment.Amount, payment.Decimals);
            var text = changed.To switch
            {
                PaymentException.Underpaid => $"Underpaid: {paid} of {asked}",
                PaymentException.Overpaid => $"Overpaid: {paid} of {asked}",
                PaymentException.PaidLate => "Paid late: the transfer came after the payment request expired",
                _ => $"No longer {Word(changed.From)}: {paid} of {asked}",
            };
            return Line(changed.OccurredAt, TimelineKind.Exception, text, payment.Id, null);
        }

        private IReadOnlyList<TimelineEntry> PaymentMoved(PaymentStatusChanged changed, Payment payment)
        {
            // The session's own line says it when the whole sale was canceled or ran out at that moment.
            var saidBySession = sessionChanges.Any(s => s.To == changed.To && s.OccurredAt == changed.OccurredAt);
            var several = facts.Payments.Count > 1;
            return changed.To switch
            {
                PaymentStatus.Succeeded => [Line(changed.OccurredAt, TimelineKind.Paid, several ? $"Paid with {payment.Asset} on {NetworkName(payment)}" : "Paid", payment.Id, null)],
                PaymentStatus.Pending => [Line(changed.OccurredAt, TimelineKind.Status, "Waiting for payment again", payment.Id, null)],
                PaymentStatus.Canceled or PaymentStatus.Expired when !saidBySession =>
                    [Line(changed.OccurredAt, TimelineKind.Status, $"{payment.Asset} on {NetworkName(payment)} {Word(changed.To)}", payment.Id, null)],

                // Processing: the transfer and its confirmations already have their lines.
                _ => [],
            };
        }

        private IReadOnlyList<TimelineEntry> SessionMoved(SessionStatusChanged changed, string? by) => changed.To switch
        {
            PaymentStatus.Canceled => [Canceled(changed, by)],
            PaymentStatus.Expired => [Line(changed.OccurredAt, TimelineKind.Status, changed.From == PaymentStatus.Pending ? "Expired without payment" : "Expired", null, by)],

            // The session follows its paying payment: the payment's lines tell those moves.
            _ => [],
        };

        /// <summary>"Canceled by the key “Web shop” (ak_…): customer left" — the reason when the caller gave one.</summary>
        private static TimelineEntry Canceled(SessionStatusChanged changed, string? by)
        {
            var line = Line(changed.OccurredAt, by is null ? TimelineKind.Status : TimelineKind.Manual, "Canceled", null, by);
            return changed.Reason is { Length: > 0 } reason ? line with { Text = $"{line.Text}: {reason}" } : line;
        }

        private string NetworkName(Payment payment) => facts.Networks.GetValueOrDefault(payment.Network)?.DisplayName ?? payment.Network;

        private TimelineEntry Transaction(DateTime at, TimelineKind kind, string text, Payment payment, string? hash) =>
            new(at, kind, text, payment.Id, hash, facts.Networks.GetValueOrDefault(payment.Network)?.TxLink(hash));
    }

    private static TimelineEntry Line(DateTime at, TimelineKind kind, string text, Guid? paymentId, string? by) =>
        new(at, kind, by is null ? text : $"{text} by {by}", paymentId, By: by);

    private static string Token(BigInteger baseUnits, int decimals) => TokenAmount.Format(baseUnits, decimals);

    /// <summary>What one token costs in the session's currency: the locked rate is tokens per currency unit.</summary>
    internal static string Price(decimal rate) => Math.Round(1m / rate, 6).ToString("0.######", CultureInfo.InvariantCulture);

    private static string Word(PaymentException exception) => exception switch
    {
        PaymentException.PaidLate => "paid late",
        _ => exception.ToString().ToLowerInvariant(),
    };

    private static string Word(PaymentStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>"payment.transfer_attached" → "Payment transfer attached".</summary>
    private static string Humanize(string type) =>
        type.Length == 0 ? "Event" : char.ToUpperInvariant(type[0]) + type[1..].Replace('.', ' ').Replace('_', ' ');
}
