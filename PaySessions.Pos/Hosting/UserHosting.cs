using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using PaySessions.Core.Users;
using PaySessions.Pos.Api;

namespace PaySessions.Pos.Hosting;

/// <summary>Sign-in for people (owners, managers, cashiers): Identity's cookies, store-role policies, and the first-run redirect.</summary>
public static class UserHosting
{
    public static IServiceCollection AddPosUsers(this IServiceCollection services)
    {
        new IdentityBuilder(typeof(StoreUser), services).AddSignInManager().AddDefaultTokenProviders();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.AccessDeniedPath = "/denied";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Cookie.Name = "paysessions.pos";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
        });
        // The antiforgery cookie is Secure whenever the page is served over https (its default is never).
        services.Configure<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        // Open sessions (cookies) and live screens (circuits) re-check their user this often: Pos:SignOutWithin.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<Microsoft.Extensions.Options.IOptions<PosOptions>>(
            (validator, pos) => validator.ValidationInterval = pos.Value.SignOutWithin);
        services.AddAuthorizationBuilder()
            .AddPolicy(StorePolicies.Cashier, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasAtLeast(StoreRole.Cashier)))
            .AddPolicy(StorePolicies.Manager, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasAtLeast(StoreRole.Manager)))
            .AddPolicy(StorePolicies.Owner, policy => policy.RequireAuthenticatedUser().RequireAssertion(c => c.User.HasAtLeast(StoreRole.Owner)))
            .AddPolicy(StorePolicies.InstallationOwner, policy => policy.RequireAuthenticatedUser().AddRequirements(new InstallationOwnerRequirement()));
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, InstallationOwnerHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, StoreAuthenticationStateProvider>();
        return services;
    }

    /// <summary>Until the installation has an owner, every page leads to /setup; afterwards /setup is gone (404).</summary>
    public static IApplicationBuilder UseFirstRunSetup(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        var isSetup = path.Equals("/setup", StringComparison.OrdinalIgnoreCase);
        var hasOwner = await http.RequestServices.GetRequiredService<FirstRunSetup>().HasOwnerAsync(http.RequestAborted);
        if (isSetup && hasOwner)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!hasOwner && !isSetup && HttpMethods.IsGet(http.Request.Method) && IsPage(path))
        {
            http.Response.Redirect("/setup");
            return;
        }

        await next(http);
    });

    /// <summary>A user whose store requires two-factor sign-in, and who has not set it up, goes to set it up first.</summary>
    public static IApplicationBuilder UseTwoFactorRequirement(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path;
        if (http.User.HasClaim(c => c.Type == StoreClaims.NeedsTwoFactor) && HttpMethods.IsGet(http.Request.Method) && IsPage(path)
            && !path.StartsWithSegments("/account") && !path.StartsWithSegments("/login"))
        {
            http.Response.Redirect("/account/2fa?required=true");
            return;
        }

        await next(http);
    });

    /// <summary>
    /// A form posted without its antiforgery token is refused with 400 before anything reads it (the antiforgery
    /// middleware only records its verdict): the sign-in forms' fields would otherwise be read by code generated at
    /// build time, which meets the bad token as an exception (a 500) rather than a refusal.
    /// </summary>
    public static IApplicationBuilder UseFormTokenRefusal(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        return next(http);
    });

    // Pages only: scripts, styles, the Blazor hub, the APIs and the checkout links keep working on a fresh install.
    private static bool IsPage(PathString path) =>
        !ApiPaths.Contains(path)
        && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/_blazor")
        && !path.StartsWithSegments("/css") && !path.StartsWithSegments("/js") && !path.StartsWithSegments("/img")
        && !path.StartsWithSegments("/dev") && !path.StartsWithSegments("/error") && !Path.HasExtension(path.Value);
}

/// <summary>The authorization policies, named by the least role they need in the current store.</summary>
public static class StorePolicies
{
    public const string Cashier = "store:cashier";
    public const string Manager = "store:manager";
    public const string Owner = "store:owner";

    /// <summary>An owner of the installation's first store: networks and RPC URLs.</summary>
    public const string InstallationOwner = "installation:owner";
}

/// <summary>The installation's settings (networks, RPC URLs) belong to the owners of its first store.</summary>
public sealed class InstallationOwnerRequirement : Microsoft.AspNetCore.Authorization.IAuthorizationRequirement;

public sealed class InstallationOwnerHandler(FirstRunSetup setup) : Microsoft.AspNetCore.Authorization.AuthorizationHandler<InstallationOwnerRequirement>
{
    protected override async Task HandleRequirementAsync(Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext context, InstallationOwnerRequirement requirement)
    {
        if (context.User.UserId() is { } userId && await setup.IsInstallationOwnerAsync(userId))
        {
            context.Succeed(requirement);
        }
    }
}
