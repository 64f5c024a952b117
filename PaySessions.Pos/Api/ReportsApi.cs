using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.History;
using PaySessions.Core.Users;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>Report files for a store's managers and owners: behind their sign-in cookie and role, not an API key.</summary>
public static class ReportsApi
{
    public const string EndOfDayCsvPath = "/admin/end-of-day.csv";

    public const string SalesCsvPath = "/admin/sessions/export.csv";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(EndOfDayCsvPath, GetEndOfDayCsv).RequireAuthorization(StorePolicies.Manager).ExcludeFromDescription();
        routes.MapGet(SalesCsvPath, GetSalesCsv).RequireAuthorization(StorePolicies.Manager).ExcludeFromDescription();
        return routes;
    }

    /// <summary>The end-of-day report of the signed-in user's store as CSV, for <c>?date=yyyy-MM-dd</c> (today when absent).</summary>
    public static async Task<Results<FileContentHttpResult, RedirectHttpResult, ProblemHttpResult, NotFound>> GetEndOfDayCsv(
        string? date, ClaimsPrincipal user, EndOfDayReports endOfDay, HttpResponse response, CancellationToken cancellationToken)
    {
        // The pages send a user whose store requires two-factor sign-in to set it up first; so does the file.
        if (user.HasClaim(c => c.Type == StoreClaims.NeedsTwoFactor))
        {
            return TypedResults.LocalRedirect("/account/2fa?required=true");
        }

        DateOnly? day = null;
        if (!string.IsNullOrEmpty(date))
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return ApiProblems.From(PayError.Validation("date", "Give the day as yyyy-MM-dd."));
            }

            day = parsed;
        }

        if (user.StoreId() is not { } storeId || await endOfDay.ReadAsync(storeId, day, cancellationToken) is not { } report)
        {
            return TypedResults.NotFound();
        }

        using var csv = new MemoryStream();
        await EndOfDayCsv.WriteAsync(csv, report, cancellationToken);
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(csv.ToArray(), "text/csv; charset=utf-8", EndOfDayCsv.FileName(report));
    }

    /// <summary>
    /// The signed-in user's store's sales under the sales page's filters (<see cref="HistoryFilterQuery"/>), newest first,
    /// streamed as CSV as they are read. The store comes from the sign-in, never from the query.
    /// </summary>
    public static Results<PushStreamHttpResult, RedirectHttpResult, ProblemHttpResult, NotFound> GetSalesCsv(
        ClaimsPrincipal user, HttpRequest request, HttpResponse response, SessionHistory history, TimeProvider time, CancellationToken cancellationToken)
    {
        if (user.HasClaim(c => c.Type == StoreClaims.NeedsTwoFactor))
        {
            return TypedResults.LocalRedirect("/account/2fa?required=true");
        }

        if (user.StoreId() is not { } storeId)
        {
            return TypedResults.NotFound();
        }

        var filter = HistoryFilterQuery.Parse(request.Query);
        if (!filter.Ok)
        {
            return ApiProblems.From(filter.Error);
        }

        var now = time.GetUtcNow().UtcDateTime;
        response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            body => HistoryCsv.WriteAsync(body, history.ExportAsync(storeId, filter.Value!, cancellationToken), now, cancellationToken),
            "text/csv; charset=utf-8",
            $"sales-{now:yyyyMMdd-HHmmss}.csv");
    }
}
