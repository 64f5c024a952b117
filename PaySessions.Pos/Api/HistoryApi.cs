using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.History;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>
/// The store's session history for integrators, with the secret key only: checkout and voucher sessions, filtered and
/// paged by cursor (<c>GET /sessions</c>), or every match as CSV streamed row by row (<c>GET /sessions/export.csv</c>).
/// </summary>
public static class HistoryApi
{
    private const string Filters = "Filters (all optional, combined): `status` (an integer of the status table: 0, 1, 2, 3, 5), "
        + "`exceptionStatus` (`none`, `underpaid`, `overpaid`, `paidLate`), `from` (inclusive) and `to` (exclusive) as ISO 8601 "
        + "(`2026-11-22` or `2026-11-22T08:00:00Z`; no offset means UTC), `asset` (USDC), `network` (polygon), and `q`: a session id, "
        + "the start of a transaction hash or payer address (`0x` and at least 8 hex digits), or 3+ characters found anywhere in "
        + "`referenceNumber` or `descriptor`. A bad value answers 400 `validation_failed` naming the parameter.";

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapManagementGroup("/sessions", "Session history",
                "The session history is read with the secret key: send it as X-Api-Key (ak_…), not a publishable key.")
            .ProducesProblems(StatusCodes.Status400BadRequest);

        group.MapGet("", List)
            .WithSummary("List the store's sessions")
            .WithDescription("Checkout and voucher sessions, newest first, each as `GET /session/{sessionID}` returns it. " + Filters
                + $" `limit` 1–{SessionHistory.MaxLimit} (default {SessionHistory.DefaultLimit}); `cursor` is the previous page's `nextCursor` "
                + "(null on the last page), valid only with the same filters.");
        group.MapGet("export.csv", Export)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("Export the store's sessions as CSV")
            .WithDescription("Every matching session, newest first, streamed as CSV (UTF-8, a header row): sessionID, createdAt, status, "
                + "exceptionStatus, amount, amountCurrency, referenceNumber, descriptor, kind (checkout or voucher), asset, network, assetAmount, "
                + "paidAmount, txHash, payer. Text starting with = + - @ gets a leading apostrophe so spreadsheets do not run it. " + Filters);
        return routes;
    }

    public static async Task<Results<Ok<SessionListResponse>, ProblemHttpResult>> List(
        ApiCaller caller, HttpRequest request, SessionHistory history, CheckoutLinks links, TimeProvider time,
        string? status, string? exceptionStatus, string? from, string? to, string? asset, string? network, string? q, string? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        var filter = HistoryFilter.Parse(status, exceptionStatus, from, to, asset, network, q);
        if (!filter.Ok)
        {
            return ApiProblems.From(filter.Error);
        }

        var size = SessionHistory.DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit) && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            return ApiProblems.From(PayError.Validation("limit", $"limit is between 1 and {SessionHistory.MaxLimit}."));
        }

        var page = await history.PageAsync(caller.Merchant.MerchantId, new HistoryQuery(filter.Value) { Limit = size, Cursor = cursor }, cancellationToken);
        if (!page.Ok)
        {
            return ApiProblems.From(page.Error);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sessions = page.Value.Rows.Select(row => row.Session.AsResponse(links.For(row.Session.Id, request), now)).ToList();
        return TypedResults.Ok(new SessionListResponse(sessions, page.Value.NextCursor));
    }

    public static Results<PushStreamHttpResult, ProblemHttpResult> Export(
        ApiCaller caller, SessionHistory history, TimeProvider time,
        string? status, string? exceptionStatus, string? from, string? to, string? asset, string? network, string? q,
        CancellationToken cancellationToken)
    {
        var filter = HistoryFilter.Parse(status, exceptionStatus, from, to, asset, network, q);
        if (!filter.Ok)
        {
            return ApiProblems.From(filter.Error);
        }

        // Written to the response as it is read: the first rows leave before the last are loaded, whatever the count.
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Stream(
            body => HistoryCsv.WriteAsync(body, history.ExportAsync(caller.Merchant.MerchantId, filter.Value, cancellationToken), now, cancellationToken),
            "text/csv; charset=utf-8",
            $"sessions-{now:yyyyMMdd-HHmmss}.csv");
    }
}

public sealed record SessionListResponse(
    [property: JsonPropertyName("data")] IReadOnlyList<SessionResponse> Data,
    [property: JsonPropertyName("nextCursor")] string? NextCursor);
