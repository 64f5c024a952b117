using System.Text.Json;

namespace PaySessions.Core.Vouchers;

// Request bodies of the voucher API, named as the API names them. Everything is optional here and checked by the service.

public sealed record SignInRequest(string? Type = null, SignInData? Data = null);

public sealed record SignInData(string? Resource = null);

/// <summary><c>payeeInfo</c> is accepted as the reference allows it; its shape is not documented and nothing reads it.</summary>
public sealed record SessionOpenRequest(string? Code = null, string? Type = null, JsonElement? PayeeInfo = null);

/// <summary>SIMPLE with <c>expectedPayment</c>; CUSTOM with <c>networks</c>, <c>payments</c> and optional <c>extras</c>. Never both.</summary>
public sealed record RedeemRequest(
    ExpectedPaymentRequest? ExpectedPayment = null,
    IReadOnlyList<NetworkRequest?>? Networks = null,
    IReadOnlyList<CallPaymentRequest?>? Payments = null,
    JsonElement? Extras = null);

public sealed record ExpectedPaymentRequest(
    string? Network = null, string? Currency = null, string? CurrencyAddress = null, string? Amount = null, WalletRequest? Wallet = null);

public sealed record WalletRequest(string? Address = null);

public sealed record NetworkRequest(string? Network = null, string? Type = null, string? ChainId = null);

public sealed record CallPaymentRequest(string? Type = null, CallInputRequest? Input = null);

public sealed record CallInputRequest(string? From = null, string? To = null, string? Value = null, string? Data = null);

public sealed record NegotiateRequest(ExpectedPaymentRequest? SuppliedPayment = null);

/// <summary>One receipt: the payment it pays (<c>pay_…</c>, as the reference sends it) and, our extension, the transaction.</summary>
public sealed record ReceiptRequest(string? PaymentId = null, string? TxHash = null);

public sealed record ResolveRequest(IReadOnlyList<ReceiptRequest?>? Receipts = null);

/// <summary>
/// A voucher as screens and the API show it: its own record, its status as of now, its session (if any), its payment,
/// and (where read for the payer) who the payee is.
/// </summary>
public sealed record VoucherView(Voucher Voucher, VoucherStatus Status, string? SessionPublicId, Payments.Payment? Payment, PayeeView? Payee = null)
{
    /// <summary>The id the payer names a payment by in a receipt: the SIMPLE voucher's current payment, or the CUSTOM voucher's transaction.</summary>
    public string? PaymentId => Voucher.Type == VoucherType.Custom && Voucher.Status != VoucherStatus.Reserved
        ? VoucherPayments.IdOfCall(Voucher)
        : Payment is { } payment ? VoucherPayments.IdOf(payment) : null;
}

/// <summary>Who a payer pays: a store that signed in with its key (its name), or an unverified payee.</summary>
public sealed record PayeeView(Guid MerchantId, string? VerifiedName)
{
    public bool Verified => VerifiedName is not null;
}

public sealed record VoucherSessionView(VoucherSession Session, PayeeView Payee, IReadOnlyList<VoucherView> Vouchers)
{
    public string MerchantName => Payee.VerifiedName ?? UnverifiedPayees.Name;
}

/// <summary>A payer's wallet: the sessions payees opened with its contexts, and the vouchers reserved outside any session.</summary>
public sealed record PayerWalletView(IReadOnlyList<VoucherSessionView> Sessions, IReadOnlyList<(PayeeView Payee, VoucherView Voucher)> Standalone);

/// <summary>Payment ids as the reference writes them, <c>pay_</c> and 12 hex digits, derived from what they name.</summary>
public static class VoucherPayments
{
    public static string IdOf(Payments.Payment payment) => "pay_" + payment.Id.ToString("N")[..12];

    public static string IdOfCall(Voucher voucher) => "pay_" + voucher.Id.ToString("N")[^12..];
}
