using Microsoft.AspNetCore.Http.HttpResults;
using PaySessions.Core.Common;
using PaySessions.Core.Vouchers;

namespace PaySessions.Pos.Api;

/// <summary>
/// Problems of the voucher API. Its reference answers state conflicts (<c>already_resolved</c>, <c>session_closed</c> …)
/// and failed checks with 400 and has no 409 or 422, so those answer 400 here; the <c>code</c> says which.
/// </summary>
public static class VoucherProblems
{
    public static ProblemHttpResult From(PayError error) => ApiProblems.From(error, StatusOf(error));

    public static int StatusOf(PayError error) => ApiProblems.StatusOf(error) switch
    {
        StatusCodes.Status409Conflict or StatusCodes.Status410Gone or StatusCodes.Status422UnprocessableEntity => StatusCodes.Status400BadRequest,
        var status => status,
    };

    /// <summary>
    /// <c>limit</c> (1–100, default 100), <c>offset</c> (default 0), <c>since</c> and <c>until</c> (Unix time in
    /// milliseconds) as the reference's list queries take them; anything else is a validation problem naming the parameter.
    /// </summary>
    public static Result<ListQuery> ReadList(string? limit, string? offset, string? since, string? until)
    {
        var errors = new Dictionary<string, string[]>();
        var query = new ListQuery(
            Int(limit, "limit", ListQuery.DefaultLimit, 1, ListQuery.MaxLimit, errors),
            Int(offset, "offset", 0, 0, int.MaxValue, errors),
            Time(since, "since", errors),
            Time(until, "until", errors));
        return errors.Count > 0 ? PayError.Validation(errors) : query;
    }

    private static int Int(string? text, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static DateTime? Time(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms <= 253402300799999)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
        }

        errors[name] = [$"{name} is a time in Unix milliseconds, e.g. 1781006400000."];
        return null;
    }
}
