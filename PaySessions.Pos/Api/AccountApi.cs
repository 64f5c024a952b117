using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PaySessions.Core.Users;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>Sign-in, the second factor, store switching and sign-out for people (a cookie; the APIs use keys and tokens instead).</summary>
public static partial class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", Login).RequireRateLimiting(RateLimiting.SignInPolicy);
        account.MapPost("/login-2fa", LoginTwoFactor).RequireRateLimiting(RateLimiting.SignInPolicy);
        account.MapPost("/switch-store", SwitchStore).RequireAuthorization();
        account.MapPost("/logout", Logout);
        return routes;
    }

    public static async Task<IResult> Login(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, SignInManager<StoreUser> signIn, ILogger<SignInManager<StoreUser>> logger)
    {
        var target = LocalOnly(returnUrl);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 100 || password.Length > 200)
        {
            return Results.LocalRedirect($"/login?error=1&returnUrl={Uri.EscapeDataString(target)}");
        }

        var result = await signIn.PasswordSignInAsync(userName.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return Results.LocalRedirect($"/login/2fa?returnUrl={Uri.EscapeDataString(target)}");
        }

        if (!result.Succeeded)
        {
            LogRefused(logger, result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "disabled" : "wrong name or password");
            return Results.LocalRedirect($"/login?error={(result.IsLockedOut ? "locked" : "1")}&returnUrl={Uri.EscapeDataString(target)}");
        }

        return Results.LocalRedirect(target);
    }

    public static async Task<IResult> LoginTwoFactor(
        [FromForm] string? code, [FromForm] string? returnUrl, SignInManager<StoreUser> signIn)
    {
        var target = LocalOnly(returnUrl);
        var entered = code?.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal) ?? "";
        if (entered.Length is 0 or > 20)
        {
            return Results.LocalRedirect($"/login/2fa?error=1&returnUrl={Uri.EscapeDataString(target)}");
        }

        // Six digits from the authenticator app; anything longer is one of the recovery codes.
        var result = entered.Length == 6 && entered.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(entered, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(entered);
        return result.Succeeded
            ? Results.LocalRedirect(target)
            : Results.LocalRedirect(result.IsLockedOut ? "/login?error=locked" : $"/login/2fa?error=1&returnUrl={Uri.EscapeDataString(target)}");
    }

    public static async Task<IResult> SwitchStore(
        [FromForm] Guid storeId, [FromForm] string? returnUrl, HttpContext http, UserDirectory directory, SignInManager<StoreUser> signIn)
    {
        var user = await signIn.UserManager.GetUserAsync(http.User);
        if (user is not null && await directory.SwitchStoreAsync(user.Id, storeId, http.RequestAborted))
        {
            await signIn.RefreshSignInAsync((await signIn.UserManager.FindByIdAsync(user.Id.ToString()))!);
        }

        return Results.LocalRedirect(LocalOnly(returnUrl));
    }

    public static async Task<IResult> Logout(HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, SignInManager<StoreUser> signIn)
    {
        // No form fields are bound here, so nothing else checks the token: without it, any site could sign people out.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        await signIn.SignOutAsync();
        return Results.LocalRedirect("/login");
    }

    // Only paths on this site: a crafted returnUrl must not send anyone elsewhere after signing in.
    private static string LocalOnly(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/pos";

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
