using System.Text.Json.Serialization;
using PaySessions.Core.Chain;
using PaySessions.Core.Payments;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

// Wire shapes of the voucher API: lower camel case, statuses as upper-case words, ids with their prefixes.

public sealed record SignInResponse(string Token, string TokenType, DateTime ExpiresAt);

public sealed record ContextResponse(string Id, string Code, string Status, string? Token = null, DateTime? ExpiresAt = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; } = Token;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? ExpiresAt { get; init; } = ExpiresAt;
}

public sealed record VoucherSessionResponse(string Id, string Code, string Status, string Type, bool Joined, IReadOnlyList<VoucherResponse>? Vouchers = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VoucherResponse>? Vouchers { get; init; } = Vouchers;
}

public sealed record VoucherResponse(
    string Id, string Code, string Status, DateTime ExpiresAt, string SessionId, ExpectedPaymentResponse? ExpectedPayment, VoucherPaymentResponse? Payment);

public sealed record ExpectedPaymentResponse(string Network, string Currency, string CurrencyAddress, string Amount, WalletResponse Wallet);

public sealed record WalletResponse(string Address);

/// <summary>How the voucher's payment stands on chain (status values as in the checkout API).</summary>
public sealed record VoucherPaymentResponse(
    string Asset, string Network, long ChainId, string TokenAddress, string Address, string Amount, string Uri,
    int Status, string ExceptionStatus, string PaidAmount, string TxHash, int Confirmations, int RequiredConfirmations);

public static class VoucherContractMapping
{
    public static string Wire(this VoucherStatus status) => status.ToString().ToUpperInvariant();

    public static VoucherSessionResponse AsResponse(this VoucherSession session, IReadOnlyList<VoucherView>? vouchers = null) => new(
        session.PublicId,
        session.Code,
        session.Open ? "OPEN" : "CLOSED",
        session.Type,
        session.JoinedAt is not null,
        vouchers?.Select(v => v.AsResponse()).ToList());

    public static VoucherResponse AsResponse(this Voucher voucher, string sessionId) =>
        new(voucher.PublicId, voucher.Code, voucher.Status.Wire(), voucher.ExpiresAt, sessionId, null, null);

    public static VoucherResponse AsResponse(this VoucherView view)
    {
        var voucher = view.Voucher;
        var expected = voucher.Amount is null
            ? null
            : new ExpectedPaymentResponse(voucher.Network!, voucher.Currency!, voucher.CurrencyAddress!, voucher.Amount, new WalletResponse(voucher.Wallet!));
        var payment = view.Payment is { } p
            ? new VoucherPaymentResponse(
                p.Asset, p.Network, p.ChainId, p.TokenContract, p.Recipient, TokenAmount.Format(p.Amount, p.Decimals),
                Eip681.TokenTransfer(p.TokenContract, p.ChainId, p.Recipient, p.Amount), (int)p.Status, p.ExceptionStatus.Wire(),
                TokenAmount.Format(p.Paid, p.Decimals), p.TxHash ?? "", p.Confirmations, p.RequiredConfirmations)
            : null;
        return new VoucherResponse(voucher.PublicId, voucher.Code, view.Status.Wire(), voucher.ExpiresAt, view.SessionPublicId, expected, payment);
    }
}
