namespace PaySessions.Core.Webhooks;

/// <summary>
/// One message for merchant systems, composed when its event is saved: the standard body
/// <c>{ type, timestamp, data }</c>, and for transaction status changes of checkout sessions also the checkout
/// vendor's flat payload. Webhook endpoints and the live hub send these bytes as they are.
/// </summary>
public sealed record OutboundMessage(
    Guid MessageId, Guid EventId, Guid MerchantId, Guid? SessionId, Guid? PaymentId, string Type, DateTime OccurredAt, string Body);

/// <summary>Renders a resource exactly as the API returns it, as JSON text. The API layer implements it with its own contracts.</summary>
public interface IWebhookRenderer
{
    string Session(Sessions.PaySession session, DateTime now);

    /// <summary>A transaction as the API returns it; <paramref name="session"/> is its own session (the sale's amount and currency).</summary>
    string Transaction(Payments.Payment payment, Sessions.PaySession session, DateTime now);

    string Voucher(Vouchers.VoucherView voucher);

    string VoucherSession(Vouchers.VoucherSession session);

    /// <summary>The checkout vendor's webhook payload for a transaction whose status changed at <paramref name="at"/>.</summary>
    string CheckoutStatus(Payments.Payment payment, Sessions.PaySession session, DateTime at);
}
