using System.Globalization;
using System.Text.Json.Serialization;
using PaySessions.Core.Chain;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Pos.Api;

// Wire shapes of the checkout API. Names and casing follow the published API exactly; do not rename.

public sealed record CreatedSessionResponse(
    [property: JsonPropertyName("sessionID")] string SessionId,
    [property: JsonPropertyName("qrData")] string QrData);

public sealed record SessionResponse(
    [property: JsonPropertyName("createdAt")] DateTime CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTime UpdatedAt,
    [property: JsonPropertyName("sessionID")] string SessionId,
    [property: JsonPropertyName("merchantID")] string MerchantId,
    [property: JsonPropertyName("accountID")] string AccountId,
    [property: JsonPropertyName("descriptor")] string Descriptor,
    [property: JsonPropertyName("externalMID")] string ExternalMid,
    [property: JsonPropertyName("referenceNumber")] string ReferenceNumber,
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("amountCurrency")] string AmountCurrency,
    [property: JsonPropertyName("qrData")] string QrData,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("expiration")] DateTime Expiration,
    [property: JsonPropertyName("transactionID")] string TransactionId);

/// <summary>A token for <c>/hubs/events</c> that hears one session; our addition to the published API.</summary>
public sealed record LiveTokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expiresAt")] DateTime ExpiresAt);

public sealed record AssetResponse(
    [property: JsonPropertyName("asset")] string Asset,
    [property: JsonPropertyName("network")] string Network,
    [property: JsonPropertyName("chainId")] long ChainId,
    [property: JsonPropertyName("tokenAddress")] string TokenAddress,
    [property: JsonPropertyName("decimals")] int Decimals,
    [property: JsonPropertyName("rate")] decimal Rate,
    [property: JsonPropertyName("estimatedAmount")] string EstimatedAmount);

public sealed record PickTransactionRequest(string? Asset = null, string? Network = null);

public sealed record ClaimTransferRequest(string? TxHash = null);

/// <summary>
/// The checkout vendor's cancel body. <c>forfeit</c> is read and has no effect: what the customer already sent is in the
/// store's own wallet (non-custodial), where a refund from the back office is the way back.
/// </summary>
public sealed record CancelTransactionRequest(string? Reason = null, bool? Forfeit = null);

public sealed record TransactionResponse(
    [property: JsonPropertyName("transactionID")] string TransactionId,
    [property: JsonPropertyName("sessionID")] string SessionId,
    [property: JsonPropertyName("asset")] string Asset,
    [property: JsonPropertyName("network")] string Network,
    [property: JsonPropertyName("chainId")] long ChainId,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("tokenAddress")] string TokenAddress,
    [property: JsonPropertyName("decimals")] int Decimals,
    [property: JsonPropertyName("assetAmount")] string AssetAmount,
    [property: JsonPropertyName("rate")] decimal Rate,
    [property: JsonPropertyName("uri")] string Uri,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("exceptionStatus")] string ExceptionStatus,
    [property: JsonPropertyName("paidAmount")] string PaidAmount,
    [property: JsonPropertyName("refundedAmount")] string RefundedAmount,
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("amountCurrency")] string AmountCurrency,
    [property: JsonPropertyName("remainingBalance")] decimal RemainingBalance,
    [property: JsonPropertyName("remainingAssetAmount")] string RemainingAssetAmount,
    [property: JsonPropertyName("cryptoTransactions")] IReadOnlyDictionary<string, object> CryptoTransactions,
    [property: JsonPropertyName("txHash")] string TxHash,
    [property: JsonPropertyName("confirmations")] int Confirmations,
    [property: JsonPropertyName("requiredConfirmations")] int RequiredConfirmations,
    [property: JsonPropertyName("expiration")] DateTime Expiration,
    [property: JsonPropertyName("createdAt")] DateTime CreatedAt,
    [property: JsonPropertyName("updatedAt")] DateTime UpdatedAt)
{
    /// <summary>
    /// The vendor's per-deposit records (amount, gas fee, asset, network per transfer request) have no counterpart here:
    /// one transaction is one asset on one network, its transfers summed in <c>paidAmount</c>. Always empty, never
    /// missing, because the vendor's browser SDK iterates it on every poll.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, object> NoCryptoTransactions = new Dictionary<string, object>();
}

/// <summary>
/// The answer to <c>POST /transaction</c>: the checkout vendor's create-transaction model as its docs list it
/// (<c>transactionID</c>, <c>qrData</c>, <c>assetAmount</c>) and as its browser SDK reads it (<c>transactionId</c> with a
/// lowercase d, <c>address</c>, <c>status</c>, <c>additionalCustomerFee</c>, <c>requiredFields</c>,
/// <c>supportedDocumentTypes</c>): both spellings of the id, so a client of either works. <c>assetAmount</c> is a JSON
/// number here because the SDK formats it with <c>toFixed</c>; the exact amount is the <c>uint256</c> of <c>qrData</c>
/// and the decimal string of <c>GET /transaction/{id}</c>. <c>sessionID</c> is our addition.
/// </summary>
public sealed record CreatedTransactionResponse(
    [property: JsonPropertyName("transactionID")] string TransactionId,
    [property: JsonPropertyName("transactionId")] string SdkTransactionId,
    [property: JsonPropertyName("sessionID")] string SessionId,
    [property: JsonPropertyName("qrData")] string QrData,
    [property: JsonPropertyName("assetAmount")] decimal AssetAmount,
    [property: JsonPropertyName("additionalCustomerFee")] decimal AdditionalCustomerFee,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("requiredFields")] IReadOnlyList<string> RequiredFields,
    [property: JsonPropertyName("supportedDocumentTypes")] IReadOnlyList<string> SupportedDocumentTypes);

public static class SessionContractMapping
{
    /// <summary>
    /// The same number always written the same way: without the trailing zeros a database round trip adds
    /// (<c>1.0</c> read back for <c>1</c>), so a webhook and a later GET of one resource are byte for byte equal.
    /// </summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;

    public static SessionResponse AsResponse(this PaySession session, string qrData, DateTime now) => new(
        session.CreatedAt,
        session.UpdatedAt,
        session.Id.ToString(),
        session.MerchantId.ToString(),
        session.AccountId.ToString(),
        session.Descriptor,
        session.ExternalMid,
        session.ReferenceNumber,
        Canonical(session.Amount),
        session.AmountCurrency,
        qrData,
        (int)session.StatusAt(now),
        session.ExpiresAt,
        session.TransactionId?.ToString() ?? "");

    public static AssetResponse AsResponse(this AssetQuote quote) => new(
        quote.Asset.Symbol,
        quote.Asset.Network.Name,
        quote.Asset.Network.ChainId,
        quote.Asset.Contract,
        quote.Asset.Decimals,
        Canonical(quote.Rate),
        quote.DisplayAmount);

    /// <param name="session">The payment's own session: the sale's amount and currency, which the transaction reports too.</param>
    public static TransactionResponse AsResponse(this Payment payment, PaySession session, DateTime now) => new(
        payment.Id.ToString(),
        payment.SessionId.ToString(),
        payment.Asset,
        payment.Network,
        payment.ChainId,
        payment.Recipient,
        payment.TokenContract,
        payment.Decimals,
        TokenAmount.Format(payment.Amount, payment.Decimals),
        Canonical(payment.Rate),
        Eip681.TokenTransfer(payment.TokenContract, payment.ChainId, payment.Recipient, payment.Amount),
        (int)payment.StatusAt(now),
        payment.ExceptionStatus.Wire(),
        TokenAmount.Format(payment.Paid, payment.Decimals),
        TokenAmount.Format(payment.Refunded, payment.Decimals),
        Canonical(session.Amount),
        session.AmountCurrency,
        Canonical(RemainingBalance.Fiat(session.Amount, session.AmountCurrency, payment.Amount, RemainingBalance.Tokens(payment))),
        TokenAmount.Format(RemainingBalance.Tokens(payment), payment.Decimals),
        TransactionResponse.NoCryptoTransactions,
        payment.TxHash ?? "",
        payment.Confirmations,
        payment.RequiredConfirmations,
        payment.ExpiresAt,
        payment.CreatedAt,
        payment.UpdatedAt);

    /// <summary>
    /// No fee on top (the customer pays the asked amount, nothing else) and no identity checks (a non-custodial
    /// store takes no customer data), so the fee is 0 and both lists are empty.
    /// </summary>
    public static CreatedTransactionResponse AsCreatedResponse(this Payment payment, DateTime now) => new(
        payment.Id.ToString(),
        payment.Id.ToString(),
        payment.SessionId.ToString(),
        Eip681.TokenTransfer(payment.TokenContract, payment.ChainId, payment.Recipient, payment.Amount),
        decimal.Parse(TokenAmount.Format(payment.Amount, payment.Decimals), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
        0m,
        payment.Recipient,
        (int)payment.StatusAt(now),
        [],
        []);
}
