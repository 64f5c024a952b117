using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The sign-in form every page object goes through: one way to fill it in and to wait for where it leads.</summary>
public static partial class LoginForm
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
    /// Submits the form and waits for the page to be somewhere else: where it leads depends on the user's role, and the
    /// page being live is what the tests wait for next, not every resource loaded (slow on a busy machine).
    /// The address is polled, not awaited as a navigation: Playwright's WaitForURL with "commit" never returns when the
    /// redirect already happened before the call (it then waits for a "commit" load state, which is never reported).
    /// </summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string path, string user, string password)
    {
        await SubmitAsync(page, baseUrl, path, user, password);
        try
        {
            await Expect(page).Not.ToHaveURLAsync(OnTheForm(), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        }
        catch (PlaywrightException ex)
        {
            var text = await page.EvaluateAsync<string>("() => document.body ? document.body.innerText : ''");
            throw new TimeoutException($"Signing in as {user} did not leave the form: still at {page.Url}, showing:\n{text}", ex);
        }
    }

    /// <summary>Signs in and expects to land on <paramref name="path"/> itself.</summary>
    public static async Task SignInToAsync(IPage page, string baseUrl, string path, string user, string password)
    {
        await SignInAsync(page, baseUrl, path, user, password);
        await Expect(page).ToHaveURLAsync($"{baseUrl}{path}");
    }

    [GeneratedRegex("/login")]
    private static partial Regex OnTheForm();
}
