using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>A person at the back office: signs in, moves between pages, signs out. Intents, not selectors, in the tests.</summary>
public sealed class BackOfficePage(IPage page, string baseUrl)
{
    public IPage Page => page;

    public static async Task<BackOfficePage> OpenAsync(IBrowserContext context, string baseUrl) => new(await context.NewPageAsync(), baseUrl);

    public async Task SignInAsync(string userName, string password, string path)
    {
        await LoginForm.SubmitAsync(page, baseUrl, path, userName, password);
    }

    public async Task GoAsync(string path)
    {
        await page.GotoAsync($"{baseUrl}{path}");
        await CashierPage.WaitInteractiveAsync(page);
    }

    public async Task SignOutAsync()
    {
        await page.GetByTestId("logout").ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/login");
    }

    /// <summary>Every owner page answers a cashier with "not allowed", never with its content.</summary>
    public async Task AssertDeniedAsync(string path)
    {
        var response = await page.GotoAsync($"{baseUrl}{path}");
        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        Assert.Equal(403, response!.Status);
    }

    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "paysessions-screens");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
