using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Model;
using PaySessions.Core.Vouchers;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Tests.Webhooks;

/// <summary>Which published messages each change makes: the aggregates record events through their own methods, the rules route them.</summary>
public sealed class WebhookRoutesTests
{
    [Fact]
    public void a_checkout_payment_from_opening_to_settled_reports_created_processing_succeeded_and_the_checkout_status_twice()
    {
        var session = ModelBuilders.Session();
        var payment = ModelBuilders.OpenPayment(session);
        payment.ApplyChain(ModelBuilders.Paying(payment, confirmations: 1), 0m, ModelBuilders.Now);
        payment.ApplyChain(ModelBuilders.Paying(payment, confirmations: 3), 0m, ModelBuilders.Now);
        payment.Settle(ModelBuilders.Now);

        Assert.Equal(
            ["transaction.created", "transaction.processing", WebhookRoutes.CheckoutStatus, "transaction.succeeded", WebhookRoutes.CheckoutStatus],
            Route(payment.PendingEvents(), new Facts(session, payment)));
    }

    [Fact]
    public void session_created_expired_and_canceled_are_reported_for_checkout_sessions_only()
    {
        var checkout = ModelBuilders.Session();
        checkout.Cancel(ModelBuilders.Now);
        Assert.Equal(["session.created", "session.canceled"], Route(checkout.PendingEvents(), new Facts(checkout, null)));

        var voucherBacked = PaySession.OpenForVoucher(ModelBuilders.Shop, "123456", "vch_1", 5m, "USDC", "polygon", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", ModelBuilders.Now);
        Assert.Empty(Route(voucherBacked.PendingEvents(), new Facts(voucherBacked, null)));
    }

    [Theory]
    [InlineData(5_000_000, "transaction.underpaid")]
    [InlineData(20_000_000, "transaction.overpaid")]
    public void an_unusual_amount_is_reported_by_its_exception(long paid, string expected)
    {
        var session = ModelBuilders.Session();
        var payment = ModelBuilders.OpenPayment(session);
        var before = payment.PendingEvents().Count;
        payment.ApplyChain(ModelBuilders.Paying(payment, confirmations: 1, paid: paid), 0m, ModelBuilders.Now);

        Assert.Contains(expected, Route(payment.PendingEvents().Skip(before), new Facts(session, payment)));
    }

    [Fact]
    public void a_late_payment_is_reported_as_paid_late()
    {
        var session = ModelBuilders.Session();
        var payment = ModelBuilders.OpenPayment(session);
        var before = payment.PendingEvents().Count;
        payment.ApplyChain(ModelBuilders.Paying(payment, confirmations: 1, late: true), 0m, payment.ExpiresAt.AddMinutes(1));

        Assert.Contains("transaction.paid_late", Route(payment.PendingEvents().Skip(before), new Facts(session, payment)));
    }

    [Fact]
    public void a_transfer_taken_away_by_a_reorg_is_reported_as_reverted_once()
    {
        var session = ModelBuilders.Session();
        var processing = ModelBuilders.OpenPayment(session);
        processing.ApplyChain(ModelBuilders.Paying(processing, confirmations: 1), 0m, ModelBuilders.Now);
        var before = processing.PendingEvents().Count;
        processing.ApplyChain(ModelBuilders.Nothing(processing), 0m, ModelBuilders.Now);
        Assert.Equal(["transaction.reverted", WebhookRoutes.CheckoutStatus], Route(processing.PendingEvents().Skip(before), new Facts(session, processing)).Distinct());

        var underpaid = ModelBuilders.OpenPayment(session);
        underpaid.ApplyChain(ModelBuilders.Paying(underpaid, confirmations: 1, paid: 1_000), 0m, ModelBuilders.Now);
        before = underpaid.PendingEvents().Count;
        underpaid.ApplyChain(ModelBuilders.Nothing(underpaid), 0m, ModelBuilders.Now);
        Assert.Equal(["transaction.reverted"], Route(underpaid.PendingEvents().Skip(before), new Facts(session, underpaid)));
    }

    [Fact]
    public void voucher_moves_are_reported_and_its_payment_settling_reports_the_voucher_settled()
    {
        var (voucherSession, voucher) = ModelBuilders.Reserved();
        Assert.Equal(["voucher.reserved"], Route(voucher.PendingEvents().Concat(voucherSession.PendingEvents()).OfType<VoucherReserved>(), new Facts(null, null)));

        var events = new List<DomainEvent>
        {
            new VoucherStatusChanged(voucher.PublicId, VoucherStatus.Reserved, VoucherStatus.Redeemed, Guid.NewGuid()) { OccurredAt = ModelBuilders.Now, VoucherId = voucher.Id },
            new VoucherStatusChanged(voucher.PublicId, VoucherStatus.Redeemed, VoucherStatus.Resolved, null) { OccurredAt = ModelBuilders.Now, VoucherId = voucher.Id },
            new VoucherStatusChanged(voucher.PublicId, VoucherStatus.Reserved, VoucherStatus.Discarded, null) { OccurredAt = ModelBuilders.Now, VoucherId = voucher.Id },
            new VoucherSessionClosed(voucherSession.PublicId) { OccurredAt = ModelBuilders.Now, SessionId = voucherSession.Id },
            new VoucherNegotiated(voucher.PublicId, "USDT", "0xc2132d05d31c914a87c6611c10748aeb04b58e8f", "5", "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc")
            {
                OccurredAt = ModelBuilders.Now, VoucherId = voucher.Id,
            },
            new VoucherReceiptSubmitted(voucher.PublicId, "pay_a1b2c3d4e5f6") { OccurredAt = ModelBuilders.Now, VoucherId = voucher.Id },
        };
        Assert.Equal(["voucher.redeemed", "voucher.resolved", "voucher.discarded", "voucher_session.closed", "voucher.negotiated"], Route(events, new Facts(null, null)));

        // A voucher reserved with the context code alone, outside any session, is reported the same way.
        var context = VoucherContext.OpenWith("ctx_3", "RTY345", ContextFormat.Alphanum, [], null, ModelBuilders.Now);
        var standalone = Voucher.ReserveStandalone(context, ModelBuilders.Shop.Id, "654321", ModelBuilders.Now).Value!;
        Assert.Equal(["voucher.reserved"], Route(standalone.PendingEvents(), new Facts(null, null)));

        var paySession = PaySession.OpenForVoucher(ModelBuilders.Shop, "123456", voucher.PublicId, 10m, "USD", "polygon", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", ModelBuilders.Now);
        var settled = new PaymentStatusChanged(PaymentStatus.Processing, PaymentStatus.Succeeded, PaymentException.None)
        {
            OccurredAt = ModelBuilders.Now, SessionId = paySession.Id, PaymentId = Guid.NewGuid(),
        };
        var routes = WebhookRoutes.For(settled, new Facts(paySession, null, voucher)).ToList();
        Assert.Equal(["transaction.succeeded", "voucher.settled"], routes.Select(r => r.Type));
        Assert.Equal(voucher.Id, routes[1].ResourceId);
    }

    [Fact]
    public void every_published_type_has_a_rule_and_the_list_is_what_the_api_documents()
    {
        Assert.Equal(19, WebhookRoutes.Types.Count);
        Assert.Equal(WebhookRoutes.Types.Count, WebhookRoutes.Types.Distinct().Count());
        Assert.DoesNotContain(WebhookRoutes.CheckoutStatus, WebhookRoutes.Types);
    }

    private static List<string> Route(IEnumerable<DomainEvent> events, IWebhookFacts facts) =>
        events.SelectMany(e => WebhookRoutes.For(e, facts)).Select(r => r.Type).ToList();

    private sealed class Facts(PaySession? session, Payment? payment, Voucher? voucher = null) : IWebhookFacts
    {
        public PaySession? Session(Guid id) => session?.Id == id ? session : null;

        public Payment? Payment(Guid id) => payment?.Id == id ? payment : null;

        public Voucher? VoucherOf(Guid paySessionId) => session?.Id == paySessionId ? voucher : null;
    }
}
