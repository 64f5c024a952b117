using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The installation settings at /admin/installation, as the installation's owner uses them.</summary>
public sealed class InstallationPage(IPage page)
{
    public IPage Page => page;

    public ILocator Summary => page.GetByTestId("installation-summary");

    public ILocator Card(string network) => page.Locator($"[data-testid='network'][data-network='{network}']");

    public ILocator Status(string network) => Card(network).GetByTestId("network-status");

    public ILocator TestResults(string network) => Card(network).GetByTestId("test-result");

    public ILocator SaveErrors(string network) => Card(network).GetByTestId("save-error");

    /// <summary>An owner signs in on the way to the page (the sign-in form brings them back).</summary>
    public static async Task<InstallationPage> OpenAsync(IBrowserContext context, string baseUrl, string email, string password)
    {
        var page = await context.NewPageAsync();
        await LoginForm.SignInToAsync(page, baseUrl, "/admin/installation", email, password);
        await CashierPage.WaitInteractiveAsync(page);
        await Expect(page.GetByTestId("installation")).ToBeVisibleAsync();
        return new InstallationPage(page);
    }

    public async Task EnterRpcUrlsAsync(string network, params string[] urls)
    {
        await Card(network).GetByTestId("rpc-urls").FillAsync(string.Join('\n', urls));
        await Card(network).GetByTestId("rpc-urls").PressAsync("Tab");
    }

    public Task TestAsync(string network) => Card(network).GetByTestId("test-rpc").ClickAsync();

    public Task SaveAsync(string network) => Card(network).GetByTestId("save-network").ClickAsync();
}
