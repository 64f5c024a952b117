using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The sign-in form every page object goes through: one way to fill it in and to wait for where it leads.</summary>
public static class LoginForm
{
    /// <summary>Opens <paramref name="path"/>, which leads to the sign-in form, and submits the user and password.</summary>
    public static async Task SubmitAsync(IPage page, string baseUrl, string path, string user, string password)
    {
        await page.GotoAsync($"{baseUrl}{path}");
        await Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        await page.GetByTestId("login-user").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>
    /// Submits the form and waits for the redirect away from it to commit: where it leads depends on the user's role, and
    /// the page being live is what the tests wait for next, not every resource loaded (slow on a busy machine).
    /// </summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string path, string user, string password)
    {
        await SubmitAsync(page, baseUrl, path, user, password);
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Signs in and expects to land on <paramref name="path"/> itself.</summary>
    public static async Task SignInToAsync(IPage page, string baseUrl, string path, string user, string password)
    {
        await SignInAsync(page, baseUrl, path, user, password);
        await page.WaitForURLAsync($"{baseUrl}{path}", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
    }
}
