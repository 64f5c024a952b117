using PaySessions.Core.Events;
using PaySessions.Core.History;
using PaySessions.Core.Tests.Model;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Tests.History;

/// <summary>The narrator's wording on its own: no database, no chain.</summary>
public sealed class TimelineNarratorTests
{
    private static readonly DateTime At = ModelBuilders.Now;

    [Theory]
    [InlineData(WebhookDeliveryStatus.Delivered, 3, 204, null, "Webhook transaction.succeeded → delivered (HTTP 204, 3 attempts)")]
    [InlineData(WebhookDeliveryStatus.Failed, 1, 410, null, "Webhook transaction.succeeded → failed (HTTP 410, 1 attempt)")]
    [InlineData(WebhookDeliveryStatus.Pending, 2, null, "connection refused", "Webhook transaction.succeeded → retrying (connection refused, 2 attempts so far)")]
    [InlineData(WebhookDeliveryStatus.Canceled, 0, null, null, "Webhook transaction.succeeded → canceled (its endpoint was deleted)")]
    public void a_delivery_says_how_it_went(WebhookDeliveryStatus status, int attempts, int? code, string? error, string expected)
    {
        var delivery = new WebhookDeliveryView("whd_1", "wh_1", Guid.NewGuid(), "transaction.succeeded", status, attempts, At, At, code, error, null, null, Guid.NewGuid());

        Assert.Equal(expected, TimelineNarrator.Webhook(delivery, nameEndpoint: false).Text);
        Assert.Equal("Webhook transaction.succeeded to wh_1 → " + expected.Split(" → ")[1], TimelineNarrator.Webhook(delivery, nameEndpoint: true).Text);
    }

    [Theory]
    [InlineData("payment.something_later_added", "Payment something later added")]
    [InlineData("session.created", "Session created")] // a payload this version cannot read
    public void an_event_without_a_sentence_still_shows_by_its_name(string type, string expected)
    {
        var session = ModelBuilders.Session();
        var facts = new TimelineFacts(session, [], new Dictionary<string, PaySessions.Core.Chain.Network>(), [], new Dictionary<string, string>(), null);
        var unreadable = new EventRecord { Type = type, Payload = "{}" };

        var entry = Assert.Single(TimelineNarrator.Tell(facts, [unreadable], []));

        Assert.Equal((TimelineKind.Other, expected), (entry.Kind, entry.Text));
    }

    [Theory]
    [InlineData(null, null, "Canceled")]
    [InlineData("key:00000000-0000-0000-0000-0000000000aa", null, "Canceled by the key “Web shop” (pk_12345…)")]
    [InlineData("key:00000000-0000-0000-0000-0000000000aa", "Cancelled from the SDK", "Canceled by the key “Web shop” (pk_12345…): Cancelled from the SDK")]
    [InlineData(null, "customer left", "Canceled: customer left")]
    public void a_cancel_says_who_and_the_reason_it_was_given(string? actor, string? reason, string expected)
    {
        var session = ModelBuilders.Session();
        var names = new Dictionary<string, string> { ["key:00000000-0000-0000-0000-0000000000aa"] = "the key “Web shop” (pk_12345…)" };
        var facts = new TimelineFacts(session, [], new Dictionary<string, PaySessions.Core.Chain.Network>(), [], names, null);
        var canceled = new SessionStatusChanged(PaySessions.Core.Payments.PaymentStatus.Pending, PaySessions.Core.Payments.PaymentStatus.Canceled)
        {
            OccurredAt = At, SessionId = session.Id, Actor = actor, Reason = reason,
        };

        var entry = Assert.Single(TimelineNarrator.Tell(facts, [EventRecord.From(canceled)], []));

        Assert.Equal(expected, entry.Text);
    }

    [Fact]
    public void hashes_and_addresses_are_shortened_for_sentences_only_when_long()
    {
        Assert.Equal("0xf39f…2266", TimelineNarrator.Short("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
        Assert.Equal("0xabc", TimelineNarrator.Short("0xabc"));
    }
}
