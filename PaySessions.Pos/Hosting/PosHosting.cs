using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using PaySessions.Core;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Api;
using PaySessions.Pos.Components;
using Radzen;

namespace PaySessions.Pos.Hosting;

/// <summary>Everything Program.cs wires, kept in one place so tests host exactly the same app.</summary>
public static class PosHosting
{
    public const string ApiRateLimitPolicy = "api";

    public static WebApplicationBuilder AddPaySessionsPos(this WebApplicationBuilder builder)
    {
        // These machines run without a culture; money is formatted with explicit currency codes everywhere.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

        // Packaged static assets (Radzen, scoped CSS) come from the build manifest in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();

        builder.AddDevChain();
        builder.Services.AddPaySessionsCore(builder.Configuration);
        builder.Services.AddOptions<PosOptions>().BindConfiguration("Pos");
        builder.Services.AddSingleton<CheckoutLinks>();
        builder.Services.AddSingleton<WalletPayments>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, token) => new ValueTask(ApiProblems.Write(context.HttpContext,
                new PayError(PayErrorKind.Unavailable, ErrorCodes.RateLimited, "Too many requests; slow down and retry shortly."), StatusCodes.Status429TooManyRequests, token));
            // A ceiling per client address for every API call, so made-up keys cannot buy fresh allowances.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!IsApiPath(http.Request.Path))
                {
                    return RateLimitPartition.GetNoLimiter("ui");
                }

                var permits = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PosOptions>>().Value.AddressPermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.AddPolicy(ApiRateLimitPolicy, http =>
            {
                var permits = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PosOptions>>().Value.ApiPermitsPerMinute;
                var client = http.Request.Headers["X-Api-Key"].FirstOrDefault()
                    ?? http.Request.Headers["X-Publishable-Key"].FirstOrDefault()
                    ?? http.Connection.RemoteIpAddress?.ToString()
                    ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
        });

        // Sign-in cookies and circuits survive a restart: the keys that protect them live beside the database.
        var storage = builder.Configuration.GetSection("Storage").Get<PaySessions.Core.Persistence.StorageOptions>() ?? new();
        builder.Services.AddDataProtection()
            .SetApplicationName("PaySessions")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.DatabasePath))!, "keys")));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Cookie.Name = "paysessions.pos";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        return builder;
    }

    public static WebApplication UsePaySessionsPos(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(http => ApiProblems.Write(http,
            new PayError(PayErrorKind.Unavailable, "internal_error", "Something went wrong on our side; nothing was changed."), StatusCodes.Status500InternalServerError, http.RequestAborted)));
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapSessionsApi();
        app.MapTransactionsApi();
        app.MapVouchersApi();
        app.MapAccountApi();
        app.MapDevChainApi();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/session") || path.StartsWithSegments("/transaction") || path.StartsWithSegments("/api");

    public static Task PreparePaySessionsPosAsync(this WebApplication app) => app.Services.PreparePaySessionsAsync(app.Lifetime.ApplicationStopping);
}
