using System.Globalization;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PaySessions.Core;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Api;
using PaySessions.Pos.Components;
using PaySessions.Pos.Hubs;
using Radzen;

namespace PaySessions.Pos.Hosting;

/// <summary>Everything Program.cs wires, kept in one place so tests host exactly the same app.</summary>
public static class PosHosting
{
    public static WebApplicationBuilder AddPaySessionsPos(this WebApplicationBuilder builder)
    {
        // These machines run without a culture; money is formatted with explicit currency codes everywhere.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

        // Packaged static assets (Radzen, scoped CSS) come from the build manifest in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();

        builder.AddDevChain();
        builder.Services.AddPaySessionsCore(builder.Configuration);
        builder.Services.AddOptions<PosOptions>().BindConfiguration("Pos").ValidateOnStart<PosOptions, PosOptionsValidator>();
        builder.Services.AddSingleton<CheckoutLinks>();
        builder.Services.AddSingleton<PaySessions.Core.Webhooks.IWebhookRenderer, WebhookRenderer>();
        builder.Services.AddSingleton<WalletPayments>();
        builder.Services.AddPosErrorHandling();
        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        builder.Services.AddPosRateLimiting();
        builder.Services.AddPosOpenApi();

        // Sign-in cookies and circuits survive a restart: the keys that protect them live beside the database.
        var storage = builder.Configuration.GetSection("Storage").Get<PaySessions.Core.Persistence.StorageOptions>() ?? new();
        builder.Services.AddDataProtection()
            .SetApplicationName("PaySessions")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.DatabasePath))!, "keys")));
        builder.Services.AddPosUsers();
        builder.Services.AddLiveHub();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRadzenComponents();
        return builder;
    }

    public static WebApplication UsePaySessionsPos(this WebApplication app)
    {
        app.UseWhenPrepared();
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UsePosErrorHandling();
        app.UseStaticFiles();
        app.UsePosOpenApi();
        app.UseRateLimiter();
        app.UseFirstRunSetup();
        app.UseAuthentication();
        app.UseTwoFactorRequirement();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseFormTokenRefusal();

        app.MapSessionsApi();
        app.MapHistoryApi();
        app.MapTransactionsApi();
        app.MapVouchersApi();
        app.MapFinanceApi();
        app.MapAccountsApi();
        app.MapWebhooksApi();
        app.MapAccountApi();
        app.MapStoresApi();
        app.MapReportsApi();
        app.MapDevChainApi();
        app.MapLiveHub();
        app.MapRazorComponents<App>()
            // Our own policy (SecurityHeaders) carries frame-ancestors; Blazor's would add a second, weaker header.
            .AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>
    /// Starts the app: checks the settings, prepares the database and starts the host at the same time (the host after
    /// the database for a new installation), and returns once both are done. The host takes connections while the
    /// database is prepared; requests wait for it (<see cref="UseWhenPrepared"/>), and so do the background services. A
    /// failure of the database is the one reported, as it would have been first; the host is stopped then.
    /// </summary>
    public static async Task StartPaySessionsPosAsync(this WebApplication app)
    {
        // Settings are checked before the database is touched, so a bad one stops start-up with a message naming it.
        app.Services.GetService<IStartupValidator>()?.Validate();

        // A new installation (no database file yet) is prepared before the host starts: the host's start writes beside
        // the database (the Data Protection key ring is made then), and on a disk that cannot take the database that write
        // fails as well, noisily, beside the one failure that matters. The first start is not the one a shop waits for.
        var storage = app.Services.GetRequiredService<IOptions<PaySessions.Core.Persistence.StorageOptions>>().Value;
        var newInstallation = !File.Exists(Path.GetFullPath(storage.DatabasePath));

        // Start-up would otherwise be one thread on a machine of two cores: the database is prepared on a pool thread
        // while this one builds the endpoints (the Blazor hub's, kept by its source, the most) and starts the host.
        var preparing = Task.Run(() => app.Services.PreparePaySessionsAsync(app.Lifetime.ApplicationStopping));
        ExceptionDispatchInfo? starting = null;
        try
        {
            foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
            {
                _ = source.Endpoints;
            }
        }
        catch (Exception failure)
        {
            starting = ExceptionDispatchInfo.Capture(failure);
        }

        if (newInstallation)
        {
            await preparing; // a failure here is reported with nothing started
        }

        var started = false;
        if (starting is null)
        {
            try
            {
                await app.StartAsync();
                started = true;
            }
            catch (Exception failure)
            {
                starting = ExceptionDispatchInfo.Capture(failure);
            }
        }

        try
        {
            await preparing;
        }
        catch when (started)
        {
            await app.StopAsync();
            throw;
        }

        starting?.Throw();
    }

    /// <summary>
    /// Holds each request until the database is prepared (only the first ones after a start ever wait), for at most
    /// <see cref="PosOptions.StartingHold"/>: a request still waiting then is answered 503 <c>starting</c>, to try again
    /// shortly, rather than left hanging through a long upgrade. Should preparing fail, waiting requests are answered 503
    /// <c>starting_failed</c> while the host stops.
    /// </summary>
    private static void UseWhenPrepared(this WebApplication app)
    {
        var ready = app.Services.GetRequiredService<PaySessions.Core.Persistence.DatabaseReady>();
        app.Use(async (http, next) =>
        {
            if (ready.IsPrepared)
            {
                await next(http);
                return;
            }

            var hold = http.RequestServices.GetRequiredService<IOptions<PosOptions>>().Value.StartingHold;
            var prepared = await WhenPreparedAsync(ready, hold, http.RequestAborted);
            if (prepared == true)
            {
                await next(http);
                return;
            }

            var (code, retryAfter, message) = prepared is null
                ? (PaySessions.Core.Common.ErrorCodes.Starting, "5", "The server is starting: its database is still being prepared. Try again in a few seconds.")
                : (PaySessions.Core.Common.ErrorCodes.StartingFailed, "30", "The server could not start; its log says why.");
            http.Response.Headers.RetryAfter = retryAfter;
            await ApiProblems.WriteAsync(
                http,
                new PaySessions.Core.Common.PayError(PaySessions.Core.Common.PayErrorKind.Unavailable, code, message),
                StatusCodes.Status503ServiceUnavailable);
        });
    }

    /// <summary>True once prepared, false if preparing failed, null if it is still going on after <paramref name="hold"/>.</summary>
    private static async Task<bool?> WhenPreparedAsync(PaySessions.Core.Persistence.DatabaseReady ready, TimeSpan hold, CancellationToken aborted)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        held.CancelAfter(hold);
        try
        {
            return await ready.WhenPreparedAsync(held.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return null;
        }
    }
}
