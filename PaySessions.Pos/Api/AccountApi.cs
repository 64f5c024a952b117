using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using PaySessions.Core.Merchants;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>Cashier sign-in and sign-out for the point-of-sale screens (a cookie; the APIs use keys and tokens instead).</summary>
public static class AccountApi
{
    public const string MerchantClaim = "paysessions/merchant";

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", Login).RequireRateLimiting(RateLimiting.ApiPolicy);
        account.MapPost("/logout", Logout);
        return routes;
    }

    public static async Task<IResult> Login(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http, PosUsers users)
    {
        var target = LocalOnly(returnUrl);
        var user = await users.VerifyAsync(userName, password, http.RequestAborted);
        if (user is null)
        {
            return Results.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(target)}");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(ClaimTypes.Role, user.Role),
                new Claim(MerchantClaim, user.MerchantId.ToString()),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(target);
    }

    public static async Task<IResult> Logout(HttpContext http, ILogger<PosUsers> logger)
    {
        logger.LogInformation("Cashier {User} signed out", http.User.Identity?.Name);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/login");
    }

    /// <summary>The merchant the signed-in cashier sells for.</summary>
    public static Guid? MerchantId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(MerchantClaim), out var id) ? id : null;

    // Only paths on this site: a crafted returnUrl must not send a cashier elsewhere after signing in.
    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/pos";
}
