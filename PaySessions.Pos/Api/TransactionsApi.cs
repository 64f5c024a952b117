using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>The checkout API's transaction endpoint: the customer's chosen payment and its progress.</summary>
public static class TransactionsApi
{
    public static IEndpointRouteBuilder MapTransactionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/transaction")
            .RequireMerchantKey()
            .RequireRateLimiting(RateLimiting.ApiPolicy)
            .DisableAntiforgery()
            .WithTags("Transactions");

        group.MapGet("{transactionId}", GetTransaction);
        group.MapPost("{transactionId}/claim", ClaimTransfer);
        return routes;
    }

    public static async Task<Results<Ok<TransactionResponse>, ProblemHttpResult>> GetTransaction(
        string transactionId, HttpContext http, SessionService sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        var payment = Guid.TryParse(transactionId, out var id) ? await sessions.FindPaymentAsync(id, http.Caller().MerchantId, cancellationToken) : null;
        return payment is null
            ? ApiProblems.From(PayError.NotFound("Transaction"))
            : TypedResults.Ok(payment.AsResponse(time.GetUtcNow().UtcDateTime));
    }

    /// <summary>
    /// The payer's wallet hands over the hash of the transaction that pays this transaction. 200 when it is mined
    /// and verified, 202 when it is not mined yet (the monitor picks it up by its hash).
    /// </summary>
    public static async Task<Results<Ok<TransactionResponse>, Accepted<TransactionResponse>, ProblemHttpResult>> ClaimTransfer(
        string transactionId, HttpContext http, PaymentClaims claims, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(transactionId, out var id))
        {
            return ApiProblems.From(PayError.NotFound("Transaction"));
        }

        var body = await ApiJson.ReadAsync<ClaimTransferRequest>(http.Request, cancellationToken);
        if (!body.Ok)
        {
            return ApiProblems.From(body.Error);
        }

        var claimed = await claims.ClaimAsync(id, http.Caller().MerchantId, body.Value.TxHash, cancellationToken);
        if (!claimed.Ok)
        {
            return ApiProblems.From(claimed.Error);
        }

        var response = claimed.Value.Payment.AsResponse(time.GetUtcNow().UtcDateTime);
        return claimed.Value.Mined ? TypedResults.Ok(response) : TypedResults.Accepted((string?)null, response);
    }
}
