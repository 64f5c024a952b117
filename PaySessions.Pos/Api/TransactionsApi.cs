using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>
/// The checkout API's transaction endpoints: the customer's chosen payment and its progress, and the checkout vendor's
/// browser-SDK calls (create a session and its transaction at once, cancel by transaction).
/// </summary>
public static class TransactionsApi
{
    public static IEndpointRouteBuilder MapTransactionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/transaction")
            .RequireMerchantKey()
            .RequireRateLimiting(RateLimiting.ApiPolicy)
            .DisableAntiforgery()
            .WithTags("Transactions")
            .Authenticated(DocumentedAuth.PublishableKey, DocumentedAuth.SecretKey)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);

        group.MapPost("", Create).ReadsJson<CreateTransactionRequest>()
            .WithSummary("Create a session and its transaction in one call")
            .WithDescription("The checkout vendor's browser SDK call: the session's fields (`descriptor`, `referenceNumber`, `amount`, "
                + "`amountCurrency`, `fxRate` with the secret key only) and the customer's `asset` and `network`, saved together: a refused "
                + "pick stores no session. Answers the vendor's create-transaction model: `transactionID` (and `transactionId`, the SDK's "
                + "spelling), `qrData` (the EIP-681 payment link), `assetAmount` (a number), `address`, `status`, `additionalCustomerFee` "
                + "(always 0), `requiredFields` and `supportedDocumentTypes` (always empty), and `sessionID`.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("{transactionId:guid}", GetTransaction)
            .WithSummary("Read a transaction")
            .WithDescription("The customer's chosen payment: status, `paidAmount`, `txHash`, `confirmations` of `requiredConfirmations`, `exceptionStatus`.");
        group.MapPatch("{transactionId:guid}/cancel", Cancel).ReadsJson<CancelTransactionRequest>()
            .WithSummary("Cancel a transaction and its session")
            .WithDescription("The checkout vendor's browser-SDK cancel: cancels the sale this transaction pays, as `POST /session/{id}/cancel` "
                + "does, and answers the transaction (status 3). `reason` (optional, at most 500 characters) shows on the sale's timeline; "
                + "`forfeit` is accepted and changes nothing (what was paid is already in the store's wallet). 409 `session_closed` when "
                + "the sale is paid, processing, canceled or expired; 409 `payment_closed` for a transaction the customer already replaced.")
            .ProducesProblems(StatusCodes.Status409Conflict);
        group.MapPost("{transactionId:guid}/claim", ClaimTransfer).ReadsJson<ClaimTransferRequest>()
            .WithSummary("Hand over the paying transfer's hash")
            .WithDescription("The server reads the receipt and checks token, recipient, amount and status: 200 when mined and verified, "
                + "202 when not mined yet (it is matched by its hash once it lands), 422 when the transfer does not pay this transaction.")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Results<Ok<CreatedTransactionResponse>, ProblemHttpResult>> Create(
        ApiCaller caller, HttpRequest request, CreateTransaction create, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CreateTransactionRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var created = await create.ExecuteAsync(caller.Merchant, body.Value, cancellationToken);
        return created.Ok
            ? TypedResults.Ok(created.Value.Payment.AsCreatedResponse(time.GetUtcNow().UtcDateTime))
            : ApiProblems.From(created.Error);
    }

    public static async Task<Results<Ok<TransactionResponse>, ProblemHttpResult>> Cancel(
        Guid transactionId, ApiCaller caller, HttpRequest request, SessionService sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<CancelTransactionRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        if (SessionRules.CheckReason(body.Value.Reason) is { } invalid)
        {
            return ApiProblems.From(invalid);
        }

        var actor = caller.Merchant.KeyId is { } keyId ? Actors.Key(keyId) : null;
        var reason = string.IsNullOrWhiteSpace(body.Value.Reason) ? null : body.Value.Reason.Trim();
        var canceled = await sessions.CancelTransactionAsync(transactionId, caller.Merchant.MerchantId, reason, actor, cancellationToken);
        return canceled.Ok
            ? TypedResults.Ok(canceled.Value.Payment.AsResponse(canceled.Value.Session, time.GetUtcNow().UtcDateTime))
            : ApiProblems.From(canceled.Error);
    }

    public static async Task<Results<Ok<TransactionResponse>, ProblemHttpResult>> GetTransaction(
        Guid transactionId, ApiCaller caller, SessionService sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await sessions.FindTransactionAsync(transactionId, caller.Merchant.MerchantId, cancellationToken);
        return found is null
            ? ApiProblems.From(PayError.NotFound("Transaction"))
            : TypedResults.Ok(found.Payment.AsResponse(found.Session, time.GetUtcNow().UtcDateTime));
    }

    /// <summary>
    /// The payer's wallet hands over the hash of the transaction that pays this transaction. 200 when it is mined
    /// and verified, 202 when it is not mined yet (the monitor picks it up by its hash).
    /// </summary>
    public static async Task<Results<Ok<TransactionResponse>, Accepted<TransactionResponse>, ProblemHttpResult>> ClaimTransfer(
        Guid transactionId, ApiCaller caller, HttpRequest request, PaymentClaims claims, SessionService sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await ApiJson.ReadAsync<ClaimTransferRequest>(request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var claimed = await claims.ClaimAsync(transactionId, caller.Merchant.MerchantId, body.Value.TxHash, cancellationToken);
        if (!claimed.Ok)
        {
            return ApiProblems.From(claimed.Error);
        }

        var response = await RenderAsync(claimed.Value.Payment, sessions, time, cancellationToken);
        return claimed.Value.Mined ? TypedResults.Ok(response) : TypedResults.Accepted((string?)null, response);
    }

    /// <summary>A payment just written, as <c>GET /transaction/{id}</c> shows it (the sale's amount comes from its session).</summary>
    internal static async Task<TransactionResponse> RenderAsync(Payment payment, SessionService sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(payment.SessionId, payment.MerchantId, cancellationToken)
            ?? throw new InvalidOperationException($"Payment {payment.Id} has no session.");
        return payment.AsResponse(session, time.GetUtcNow().UtcDateTime);
    }
}
