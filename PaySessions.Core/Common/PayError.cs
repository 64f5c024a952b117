namespace PaySessions.Core.Common;

/// <summary>What went wrong, in the terms an API client can act on: a stable code, a sentence, and per-field details.</summary>
public sealed record PayError(PayErrorKind Kind, string Code, string Message, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static PayError Validation(string field, string message) =>
        new(PayErrorKind.Invalid, ErrorCodes.ValidationFailed, message, new Dictionary<string, string[]> { [field] = [message] });

    public static PayError Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new(PayErrorKind.Invalid, ErrorCodes.ValidationFailed, "One or more fields are invalid.", fields);

    public static PayError NotFound(string what) => new(PayErrorKind.NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    public static PayError Conflict(string code, string message) => new(PayErrorKind.Conflict, code, message);
}

public enum PayErrorKind
{
    Invalid,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Gone,
    Unavailable,
}

/// <summary>The error codes clients see. They never change once published.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string InvalidJson = "invalid_json";
    public const string DuplicateKey = "duplicate_key";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string Unauthorized = "unauthorized";
    public const string FxRateNeedsSecretKey = "fx_rate_requires_api_key";
    public const string NotFound = "not_found";
    public const string UnsupportedCurrency = "unsupported_currency";
    public const string UnsupportedAsset = "unsupported_asset";
    public const string SessionExpired = "session_expired";
    public const string SessionClosed = "session_closed";
    public const string AmountSpaceExhausted = "amount_space_exhausted";
    public const string RateLimited = "rate_limited";
    public const string TransferAlreadyUsed = "transfer_already_used";
    public const string TransferMismatch = "transfer_mismatch";
    public const string TransferFailed = "transfer_failed";
    public const string PaymentClosed = "payment_closed";
    public const string ChainUnavailable = "chain_unavailable";
    public const string StartingFailed = "starting_failed";
    public const string Starting = "starting";
    public const string InvalidCode = "invalid_code";
    public const string AlreadyClosed = "already_closed";
    public const string NotRedeemed = "not_redeemed";
    public const string AlreadyResolved = "already_resolved";
    public const string AlreadyRedeemed = "already_redeemed";
    public const string VoucherExpired = "voucher_expired";
    public const string AlreadyJoined = "already_joined";
    public const string NotSimple = "not_simple";
    public const string DifferentNetwork = "different_network";
    public const string TooManyAttempts = "too_many_attempts";
    public const string RpcUnreachable = "rpc_unreachable";
    public const string RpcNotJsonRpc = "rpc_not_json_rpc";
    public const string RpcWrongChain = "rpc_wrong_chain";
    public const string InvalidAddress = "invalid_address";
    public const string AddressChecksumMismatch = "address_checksum_mismatch";
    public const string UnknownNetwork = "unknown_network";
    public const string ApiKeyRequired = "api_key_required";
    public const string TooManyKeys = "too_many_keys";
    public const string TooManyWebhooks = "too_many_webhooks";
    public const string AlreadyDelivered = "already_delivered";
    public const string EndpointDeleted = "endpoint_deleted";
    public const string NotRefundable = "not_refundable";
    public const string RefundNotPending = "refund_not_pending";
}
