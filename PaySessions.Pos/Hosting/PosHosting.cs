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

    public static async Task PreparePaySessionsPosAsync(this WebApplication app)
    {
        // Settings are checked before the database is touched, so a bad one stops start-up with a message naming it.
        app.Services.GetService<IStartupValidator>()?.Validate();

        // Start-up is otherwise one thread on a machine of two cores: the database is prepared on a pool thread while this
        // one builds the endpoints, which the host would build only after it (the Blazor hub's, kept by its source, the
        // most). A failure of the database is the one reported, as it would have been first.
        var preparing = Task.Run(() => app.Services.PreparePaySessionsAsync(app.Lifetime.ApplicationStopping));
        ExceptionDispatchInfo? building = null;
        try
        {
            foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
            {
                _ = source.Endpoints;
            }
        }
        catch (Exception failure)
        {
            building = ExceptionDispatchInfo.Capture(failure);
        }

        await preparing;
        building?.Throw();
    }
}
