using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;

namespace PaySessions.Pos.Api;

/// <summary>Maps domain errors to RFC 7807 problem details carrying a stable <c>code</c> (and field <c>errors</c> where there are some).</summary>
public static class ApiProblems
{
    public static ProblemHttpResult From(PayError error) => TypedResults.Problem(Details(error, StatusOf(error)));

    public static Task Write(HttpContext http, PayError error, int status, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(Details(error, status), options: null, contentType: "application/problem+json", cancellationToken);
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

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Details(PayError error, int status)
    {
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = error.Code.Replace('_', ' '),
            Detail = error.Message,
            Type = $"https://paysessions.dev/errors/{error.Code}",
        };
        details.Extensions["code"] = error.Code;
        if (error.Fields is { Count: > 0 })
        {
            details.Extensions["errors"] = error.Fields;
        }

        return details;
    }
}
