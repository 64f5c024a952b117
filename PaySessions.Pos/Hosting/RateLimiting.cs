using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Pos.Api;

namespace PaySessions.Pos.Hosting;

/// <summary>How much one client may ask of the APIs: a ceiling per address for every call, and a policy per key on the public API.</summary>
public static class RateLimiting
{
    /// <summary>The per-client policy the API groups require.</summary>
    public const string ApiPolicy = "api";

    /// <summary>The sign-in forms: a few tries a minute per address, on top of Identity's lockout per user.</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>The live hub's negotiate, per credential as the API is per key; the open connection itself is not counted.</summary>
    public const string LiveHubPolicy = "live-hub";

    private static readonly PayError TooManyRequests =
        new(PayErrorKind.Unavailable, ErrorCodes.RateLimited, "Too many requests; slow down and retry shortly.");

    public static IServiceCollection AddPosRateLimiting(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = (context, _) =>
        {
            // Tell the client when its window reopens, as the limiter knows it.
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return new ValueTask(ApiProblems.WriteAsync(context.HttpContext, TooManyRequests, StatusCodes.Status429TooManyRequests));
        };
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PerAddress);
        limiter.AddPolicy(ApiPolicy, PerClient);
        limiter.AddPolicy(LiveHubPolicy, PerHubCredential);
        limiter.AddPolicy(SignInPolicy, http => PerMinute("sign-in:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), Options(http).SignInPermitsPerMinute));
    });

    // A ceiling per client address for every API call, so made-up keys cannot buy fresh allowances; pages (checkout,
    // receipt, wallet, sign-in) have their own. Scripts, styles and the open Blazor circuit are not counted.
    private static RateLimitPartition<string> PerAddress(HttpContext http)
    {
        var path = http.Request.Path;
        if (!ApiPaths.Contains(path))
        {
            return path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/_blazor")
                || Path.HasExtension(path.Value)
                ? RateLimitPartition.GetNoLimiter("assets")
                : PerMinute("page:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"), Options(http).PagePermitsPerMinute);
        }

        var permits = Options(http).AddressPermitsPerMinute;
        return PerMinute(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", permits);
    }

    private static RateLimitPartition<string> PerClient(HttpContext http)
    {
        var client = http.Request.Headers["X-Api-Key"].FirstOrDefault()
            ?? http.Request.Headers["X-Publishable-Key"].FirstOrDefault()
            ?? http.Connection.RemoteIpAddress?.ToString()
            ?? "anonymous";
        return PerMinute(client, Options(http).ApiPermitsPerMinute);
    }

    private static RateLimitPartition<string> PerHubCredential(HttpContext http)
    {
        if (!http.Request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal))
        {
            return RateLimitPartition.GetNoLimiter("hub-connection");
        }

        var client = http.Request.Headers.Authorization.FirstOrDefault()
            ?? http.Request.Query["access_token"].FirstOrDefault()
            ?? http.Connection.RemoteIpAddress?.ToString()
            ?? "anonymous";
        return PerMinute("hub:" + client, Options(http).ApiPermitsPerMinute);
    }

    private static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static PosOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<PosOptions>>().Value;
}
