using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
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
            .RequireRateLimiting(PosHosting.ApiRateLimitPolicy)
            .DisableAntiforgery()
            .WithTags("Transactions");

        group.MapGet("{transactionId}", GetTransaction);
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
}
