using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Vouchers;

namespace PaySessions.Core.Webhooks;

/// <summary>Which resource a message's <c>data</c> is: exactly what the API returns for it.</summary>
public enum WebhookResource
{
    Session,
    Transaction,
    Voucher,
    VoucherSession,
}

/// <summary>One message an event makes: its type and the resource it carries.</summary>
public sealed record WebhookRoute(string Type, WebhookResource Resource, Guid ResourceId);

/// <summary>What the routing rules need to know beyond the event: the session and payment it concerns.</summary>
public interface IWebhookFacts
{
    PaySession? Session(Guid id);

    Payment? Payment(Guid id);

    /// <summary>The voucher a voucher-kind pay session backs.</summary>
    Voucher? VoucherOf(Guid paySessionId);
}

/// <summary>
/// The published event types and the rules that turn domain events into them. Pure: no database, no clock.
/// Session events are sent for checkout sessions only; a voucher's pay session speaks through voucher events.
/// </summary>
public static class WebhookRoutes
{
    /// <summary>Internal type: a transaction status change as the checkout vendor reports it. Only checkout-format endpoints get it.</summary>
    public const string CheckoutStatus = "checkout.transaction_status";

    public static readonly IReadOnlyList<string> Types =
    [
        "session.created", "session.expired", "session.canceled",
        "transaction.created", "transaction.processing", "transaction.succeeded", "transaction.underpaid",
        "transaction.overpaid", "transaction.paid_late", "transaction.reverted", "transaction.refunded", "transaction.partially_refunded",
        "voucher.reserved", "voucher.redeemed", "voucher.negotiated", "voucher.resolved", "voucher.settled", "voucher.discarded",
        "voucher_session.closed",
    ];

    public static IEnumerable<WebhookRoute> For(DomainEvent domainEvent, IWebhookFacts facts)
    {
        switch (domainEvent)
        {
            case SessionCreated { Kind: SessionKind.Checkout, SessionId: { } id }:
                yield return new("session.created", WebhookResource.Session, id);
                break;
            case SessionStatusChanged { SessionId: { } id } changed when facts.Session(id)?.Kind == SessionKind.Checkout:
                if (changed.To is PaymentStatus.Expired or PaymentStatus.Canceled)
                {
                    yield return new(changed.To == PaymentStatus.Expired ? "session.expired" : "session.canceled", WebhookResource.Session, id);
                }

                break;
            case PaymentCreated { PaymentId: { } id }:
                yield return new("transaction.created", WebhookResource.Transaction, id);
                break;
            case PaymentStatusChanged { PaymentId: { } id } changed:
                if (StatusType(changed) is { } type)
                {
                    yield return new(type, WebhookResource.Transaction, id);
                }

                if (changed.To == PaymentStatus.Succeeded && changed.SessionId is { } paySessionId && facts.VoucherOf(paySessionId) is { } voucher)
                {
                    yield return new("voucher.settled", WebhookResource.Voucher, voucher.Id);
                }

                if (changed.SessionId is { } sessionId && facts.Session(sessionId)?.Kind == SessionKind.Checkout)
                {
                    yield return new(CheckoutStatus, WebhookResource.Transaction, id);
                }

                break;
            case PaymentExceptionChanged { PaymentId: { } id } changed:
                if (ExceptionType(changed.To) is { } exceptionType)
                {
                    yield return new(exceptionType, WebhookResource.Transaction, id);
                }
                else if (changed.From != PaymentException.None && facts.Payment(id) is { Paid.IsZero: true, Status: not PaymentStatus.Processing })
                {
                    // The only transfer that paid it went away with a reorg while it was still pending.
                    yield return new("transaction.reverted", WebhookResource.Transaction, id);
                }

                break;
            case PaymentRefunded { PaymentId: { } id } refunded:
                yield return new(refunded.Full ? "transaction.refunded" : "transaction.partially_refunded", WebhookResource.Transaction, id);
                break;
            case VoucherReserved { VoucherId: { } id }:
                yield return new("voucher.reserved", WebhookResource.Voucher, id);
                break;
            case VoucherNegotiated { VoucherId: { } id }:
                yield return new("voucher.negotiated", WebhookResource.Voucher, id);
                break;
            case VoucherStatusChanged { VoucherId: { } id } changed:
                var voucherType = changed.To switch
                {
                    VoucherStatus.Redeemed => "voucher.redeemed",
                    VoucherStatus.Resolved => "voucher.resolved",
                    VoucherStatus.Discarded => "voucher.discarded",
                    _ => null,
                };
                if (voucherType is not null)
                {
                    yield return new(voucherType, WebhookResource.Voucher, id);
                }

                break;
            case VoucherSessionClosed { SessionId: { } id }:
                yield return new("voucher_session.closed", WebhookResource.VoucherSession, id);
                break;
        }
    }

    private static string? StatusType(PaymentStatusChanged changed) => changed.To switch
    {
        PaymentStatus.Processing => "transaction.processing",
        PaymentStatus.Succeeded => "transaction.succeeded",
        PaymentStatus.Pending or PaymentStatus.Expired when changed.From == PaymentStatus.Processing => "transaction.reverted",
        _ => null,
    };

    private static string? ExceptionType(PaymentException exception) => exception switch
    {
        PaymentException.Underpaid => "transaction.underpaid",
        PaymentException.Overpaid => "transaction.overpaid",
        PaymentException.PaidLate => "transaction.paid_late",
        _ => null,
    };
}
