using PaySessions.Core.Payments;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Components.Shared;

/// <summary>
/// Every word a screen uses for a status, in one place, so the badge, the terminal and both sides of a
/// multi-payment never describe the same state differently.
/// </summary>
public static class StatusText
{
    /// <summary>A sale's or payment's status as its badge says it.</summary>
    public static string Of(PaymentStatus status) => status switch
    {
        PaymentStatus.Pending => "Waiting for payment",
        PaymentStatus.Processing => "Confirming",
        PaymentStatus.Succeeded => "Paid",
        PaymentStatus.Canceled => "Canceled",
        PaymentStatus.Expired => "Expired",
        _ => status.ToString(),
    };

    /// <summary>What the cashier is told once a sale is over.</summary>
    public static string SaleOutcome(PaymentStatus status) => status switch
    {
        PaymentStatus.Succeeded => "Paid. Hand over the goods.",
        PaymentStatus.Expired => "The payment window closed without a payment.",
        _ => "Sale canceled.",
    };

    /// <summary>One part of a multi-payment as the payer's wallet shows it.</summary>
    public static string ForPayer(VoucherView voucher) => (voucher.Status, voucher.Payment?.Status) switch
    {
        (_, PaymentStatus.Succeeded) => "Paid",
        (VoucherStatus.Resolved, _) when voucher.Voucher.Type == VoucherType.Custom => "Sent",
        (VoucherStatus.Resolved, _) => "Confirming",
        (VoucherStatus.Redeemed, _) => "To pay",
        (VoucherStatus.Reserved, _) => "Being prepared",
        (VoucherStatus.Discarded, _) => "Discarded",
        _ => "Expired",
    };

    /// <summary>One part of a multi-payment as the cashier's screen shows it, with the confirmations counted.</summary>
    public static string ForCashier(VoucherView voucher) => (voucher.Status, voucher.Payment) switch
    {
        (_, { Status: PaymentStatus.Succeeded }) => "Paid",
        (_, { Status: PaymentStatus.Processing } p) => $"Confirming {p.Confirmations}/{p.RequiredConfirmations}",
        (VoucherStatus.Redeemed, _) => "Waiting for payment",
        (VoucherStatus.Reserved, _) => "Reserved",
        (VoucherStatus.Resolved, _) when voucher.Voucher.Type == VoucherType.Custom => "Transaction verified",
        (VoucherStatus.Resolved, _) => "Receipt received",
        (VoucherStatus.Discarded, _) => "Discarded",
        _ => "Expired",
    };
}
