using Microsoft.AspNetCore.Diagnostics;

namespace PaySessions.Pos.Api;

/// <summary>Which requests belong to the JSON APIs, and so are answered with problem details rather than pages.</summary>
public static class ApiPaths
{
    public static bool Contains(PathString path) =>
        path.StartsWithSegments("/session") || path.StartsWithSegments("/sessions") || path.StartsWithSegments("/transaction") || path.StartsWithSegments("/accounts")
        || path.StartsWithSegments("/webhooks") || path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");

    /// <summary>
    /// Whether the request is an API call. While an exception is handled the request runs again at <c>/error</c>,
    /// so the path it was made to decides.
    /// </summary>
    public static bool Contains(HttpContext http) =>
        Contains(http.Features.Get<IExceptionHandlerPathFeature>() is { } failed ? new PathString(failed.Path) : http.Request.Path);
}
