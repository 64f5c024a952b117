namespace PaySessions.Core.Vouchers;

// Request bodies of the voucher API, named as the API names them. Everything is optional here and checked by the service.

public sealed record SignInRequest(string? Type = null, SignInData? Data = null);

public sealed record SignInData(string? Resource = null);

public sealed record SessionOpenRequest(string? Code = null, string? Type = null);

public sealed record RedeemRequest(ExpectedPaymentRequest? ExpectedPayment = null);

public sealed record ExpectedPaymentRequest(
    string? Network = null, string? Currency = null, string? CurrencyAddress = null, string? Amount = null, WalletRequest? Wallet = null);

public sealed record WalletRequest(string? Address = null);

public sealed record ReceiptRequest(string? TxHash = null);

public sealed record PayInRequest(string? Asset = null);

public sealed record ResolveRequest(IReadOnlyList<ReceiptRequest>? Receipts = null);

/// <summary>A voucher as screens and the API show it: its own record, its status as of now, and its payment.</summary>
public sealed record VoucherView(Voucher Voucher, VoucherStatus Status, string SessionPublicId, Payments.Payment? Payment);

public sealed record VoucherSessionView(VoucherSession Session, string MerchantName, IReadOnlyList<VoucherView> Vouchers);
