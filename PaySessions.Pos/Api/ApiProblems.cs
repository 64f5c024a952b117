using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using PaySessions.Core.Common;

namespace PaySessions.Pos.Api;

/// <summary>
/// Maps domain errors to RFC 7807 problem details carrying a stable <c>code</c> (and field <c>errors</c> where there are
/// some), and gives the problems the framework raises on API paths (unmatched routes, exceptions) the same shape.
/// </summary>
public static class ApiProblems
{
    public const string InternalError = "internal_error";

    public static ProblemHttpResult From(PayError error) => TypedResults.Problem(Details(error, StatusOf(error)));

    /// <summary>The same problem under another status, for an API family whose reference fixes its own (the voucher API).</summary>
    public static ProblemHttpResult From(PayError error, int status) => TypedResults.Problem(Details(error, status));

    /// <summary>Answers with a problem from outside an endpoint (the rate limiter), through the problem-details service.</summary>
    public static async Task WriteAsync(HttpContext http, PayError error, int status)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Details(error, status),
        });
    }

    public static int StatusOf(PayError error) => error.Kind switch
    {
        PayErrorKind.Invalid when error.Code == ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        PayErrorKind.Invalid when error.Code == ErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        PayErrorKind.Invalid when error.Code is ErrorCodes.TransferMismatch or ErrorCodes.TransferFailed => StatusCodes.Status422UnprocessableEntity,
        PayErrorKind.Invalid => StatusCodes.Status400BadRequest,
        PayErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        PayErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        PayErrorKind.NotFound => StatusCodes.Status404NotFound,
        PayErrorKind.Conflict => StatusCodes.Status409Conflict,
        PayErrorKind.Gone => StatusCodes.Status410Gone,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>
    /// <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>: every problem on an API path carries a code and a
    /// sentence, including those the framework writes itself (404/405 for unmatched routes, 500 for exceptions).
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (!ApiPaths.Contains(http))
        {
            return;
        }

        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        if (!problem.Extensions.ContainsKey("code"))
        {
            Fill(problem, FrameworkError(problem.Status.Value, http));
        }
    }

    private static ProblemDetails Details(PayError error, int status)
    {
        var details = new ProblemDetails { Status = status };
        Fill(details, error);
        return details;
    }

    private static void Fill(ProblemDetails details, PayError error)
    {
        details.Title = error.Code.Replace('_', ' ');
        details.Detail = error.Message;
        details.Type = $"https://paysessions.dev/errors/{error.Code}";
        details.Extensions["code"] = error.Code;
        if (error.Fields is { Count: > 0 })
        {
            details.Extensions["errors"] = error.Fields;
        }
    }

    // What a caller can act on when no handler ran or one failed; never the exception's own text.
    private static PayError FrameworkError(int status, HttpContext http) => status switch
    {
        StatusCodes.Status404NotFound => PayError.NotFound($"{http.Request.Method} {http.Request.Path}"),
        StatusCodes.Status405MethodNotAllowed => new PayError(PayErrorKind.Invalid, "method_not_allowed",
            $"{http.Request.Method} is not allowed at {http.Request.Path}; allowed: {http.Response.Headers.Allow}."),
        >= StatusCodes.Status500InternalServerError => new PayError(PayErrorKind.Unavailable, InternalError,
            "Something went wrong on our side; nothing was changed."),
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason
            ? new PayError(PayErrorKind.Invalid, reason.ToLowerInvariant().Replace(' ', '_'), $"{reason}.")
            : new PayError(PayErrorKind.Invalid, "request_failed", $"The request failed with status {status}."),
    };
}
