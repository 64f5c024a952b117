using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PaySessions.Core.Chain;
using PaySessions.Core.Payments;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

// Wire shapes of the voucher API, as the voucher reference writes them: lower camel case, statuses as upper-case words,
// ids with their prefixes, amounts as decimal strings, fields that do not apply left out (never null). Our additions
// are marked as such; a client written against the reference can ignore them.

/// <summary><c>{ "authorization": { "token" } }</c>; <c>expiresAt</c> is ours.</summary>
public sealed record SignInResponse(AuthorizationResponse Authorization);

public sealed record AuthorizationResponse(string Token, [property: JsonConverter(typeof(ReferenceTime))] DateTime ExpiresAt);

public sealed record PayerResponse(string Address);

public sealed record ContextResponse(
    string Id, string Code, string Status, string Format, IReadOnlyList<PayerResponse> Payers,
    [property: JsonConverter(typeof(ReferenceTime))] DateTime CreatedAt, [property: JsonConverter(typeof(ReferenceTime))] DateTime UpdatedAt)
{
    /// <summary>Ours: the new payer's bearer token, on the context-open that started the payer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }

    /// <summary>Ours: when that token expires.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonConverter(typeof(ReferenceTime))]
    public DateTime? ExpiresAt { get; init; }
}

/// <summary>Ours: who the payer pays. <c>name</c> only for a store that signed in with its key (<c>verified</c>).</summary>
public sealed record PayeeResponse(bool Verified)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }
}

public sealed record VoucherSessionResponse(
    string Id, string Code, string Status, string Type,
    [property: JsonConverter(typeof(ReferenceTime))] DateTime CreatedAt, [property: JsonConverter(typeof(ReferenceTime))] DateTime UpdatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VoucherResponse>? Vouchers { get; init; }

    /// <summary>Ours: whether the payer has joined.</summary>
    public bool Joined { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PayeeResponse? Payee { get; init; }
}

public sealed record VoucherResponse(
    string Id, string Code, string Status, [property: JsonConverter(typeof(ReferenceTime))] DateTime ExpiresAt,
    [property: JsonConverter(typeof(ReferenceTime))] DateTime CreatedAt, [property: JsonConverter(typeof(ReferenceTime))] DateTime UpdatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PaymentTermsResponse? ExpectedPayment { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PaymentTermsResponse? SuppliedPayment { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NetworkResponse>? Networks { get; init; }

    /// <summary>What the payer must pay, each with the <c>pay_…</c> id a receipt names.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<VoucherPaymentResponse>? Payments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Extras { get; init; }

    /// <summary>Ours: the session it belongs to; absent for a standalone voucher.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PayeeResponse? Payee { get; init; }
}

public sealed record PaymentTermsResponse(string Network, string Currency, string CurrencyAddress, string Amount, WalletResponse Wallet);

public sealed record WalletResponse(string Address);

/// <summary>A CUSTOM voucher's network: <c>chainId</c> is a string, as in the reference.</summary>
public sealed record NetworkResponse(string Network, string Type, string ChainId);

/// <summary>
/// One payment to make. SIMPLE (<c>type</c> <c>transfer</c>, ours): the token, the exact amount to send (the expected or
/// supplied amount, with a tiny offset only when another open payment to the same wallet asks the same), the wallet,
/// an EIP-681 <c>uri</c> and how it stands on chain. CUSTOM (<c>send_transaction</c>, the reference's): the transaction as redeemed.
/// </summary>
public sealed record VoucherPaymentResponse(string Id, string Type, string Status)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallInputResponse? Input { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Network { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ChainId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Currency { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CurrencyAddress { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Amount { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WalletResponse? Wallet { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Uri { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExceptionStatus { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PaidAmount { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TxHash { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Confirmations { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RequiredConfirmations { get; init; }
}

public sealed record CallInputResponse(string From, string To, string Value, string Data);

public static class VoucherContractMapping
{
    public static string Wire(this VoucherStatus status) => status.ToString().ToUpperInvariant();

    public static string Wire(this ContextFormat format) => format == ContextFormat.Numeric ? "numeric" : "alphanum";

    public static ContextResponse AsResponse(this VoucherContext context) => new(
        context.PublicId, context.Code, context.Open ? "OPEN" : "CLOSED", context.Format.Wire(),
        context.Payers.Select(p => new PayerResponse(p)).ToList(), context.CreatedAt, context.UpdatedAt);

    public static VoucherSessionResponse AsResponse(this VoucherSession session, IReadOnlyList<VoucherView>? vouchers = null, PayeeView? payee = null) =>
        new(session.PublicId, session.Code, session.Open ? "OPEN" : "CLOSED", session.Type, session.CreatedAt, session.UpdatedAt)
        {
            Vouchers = vouchers?.Select(v => v.AsResponse()).ToList(),
            Joined = session.JoinedAt is not null,
            Payee = payee?.AsResponse(),
        };

    public static PayeeResponse AsResponse(this PayeeView payee) => new(payee.Verified) { Name = payee.VerifiedName };

    /// <summary>A voucher just reserved: no terms yet.</summary>
    public static VoucherResponse AsResponse(this Voucher voucher, string? sessionId) =>
        new VoucherView(voucher, voucher.Status, sessionId, null).AsResponse();

    public static VoucherResponse AsResponse(this VoucherView view)
    {
        var voucher = view.Voucher;
        var redeemed = voucher.Expected is not null || voucher.Call is not null; // a voucher discarded while reserved never had a type
        return new VoucherResponse(voucher.PublicId, voucher.Code, view.Status.Wire(), voucher.ExpiresAt, voucher.CreatedAt, voucher.UpdatedAt)
        {
            Type = redeemed ? voucher.Type.ToString().ToUpperInvariant() : null,
            ExpectedPayment = voucher.Expected is { } expected
                ? new PaymentTermsResponse(expected.Network, expected.Currency, expected.CurrencyAddress, expected.Amount, new WalletResponse(expected.Wallet))
                : null,
            SuppliedPayment = voucher.Supplied is { } supplied
                ? new PaymentTermsResponse(supplied.Network, supplied.Currency, supplied.CurrencyAddress, supplied.Amount, new WalletResponse(supplied.Wallet))
                : null,
            Networks = voucher.Call?.Networks.Select(n => new NetworkResponse(n.Network, "evm", n.ChainId.ToString(CultureInfo.InvariantCulture))).ToList(),
            Payments = Payments(view),
            Extras = voucher.Call?.Extras is { } extras ? JsonNode.Parse(extras) : null,
            SessionId = view.SessionPublicId,
            Payee = view.Payee?.AsResponse(),
        };
    }

    private static IReadOnlyList<VoucherPaymentResponse>? Payments(VoucherView view)
    {
        if (view.Voucher.Call is { } call)
        {
            var status = view.Voucher.CallTxHash is not null ? "SUCCEEDED" : view.Status switch
            {
                VoucherStatus.Discarded => "CANCELED",
                VoucherStatus.Expired => "EXPIRED",
                _ => "PENDING",
            };
            return
            [
                new VoucherPaymentResponse(view.PaymentId!, "send_transaction", status)
                {
                    Input = new CallInputResponse(CustomCallRules.PayerPlaceholder, call.To, call.Value, call.Data),
                    Network = view.Voucher.CallTxNetwork,
                    TxHash = view.Voucher.CallTxHash,
                },
            ];
        }

        if (view.Payment is not { } p)
        {
            return null;
        }

        return
        [
            new VoucherPaymentResponse(view.PaymentId!, "transfer", p.Status.ToString().ToUpperInvariant())
            {
                Network = p.Network,
                ChainId = p.ChainId.ToString(CultureInfo.InvariantCulture),
                Currency = p.Asset,
                CurrencyAddress = p.TokenContract,
                Amount = TokenAmount.Format(p.Amount, p.Decimals),
                Wallet = new WalletResponse(p.Recipient),
                Uri = Eip681.TokenTransfer(p.TokenContract, p.ChainId, p.Recipient, p.Amount),
                ExceptionStatus = p.ExceptionStatus == PaymentException.None ? null : ExceptionWire(p.ExceptionStatus),
                PaidAmount = TokenAmount.Format(p.Paid, p.Decimals),
                TxHash = p.TxHash,
                Confirmations = p.Confirmations,
                RequiredConfirmations = p.RequiredConfirmations,
            },
        ];
    }

    private static string ExceptionWire(PaymentException exception) => exception switch
    {
        PaymentException.PaidLate => "PAID_LATE",
        _ => exception.ToString().ToUpperInvariant(),
    };
}

/// <summary>Timestamps as the voucher reference writes them: UTC, ISO 8601, milliseconds, <c>Z</c> (<c>2026-06-09T12:00:00.000Z</c>).</summary>
public sealed class ReferenceTime : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
