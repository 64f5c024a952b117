using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PaySessions.Pos.Tests.Support;

/// <summary>Endpoints that throw, mapped only in tests: one under the API, one where pages live.</summary>
public static class FailingEndpoints
{
    public const string ApiPath = "/api/v1/test-failure";
    public const string PagePath = "/test-failure";

    /// <summary>Text no answer may show: an exception's message is for the log only.</summary>
    public const string Secret = "connection string with password hunter2";

    public static void Map(WebApplication app)
    {
        app.MapGet(ApiPath, Fail);
        app.MapGet(PagePath, Fail);
    }

    private static IResult Fail() => throw new InvalidOperationException(Secret);
}
