using Microsoft.Playwright;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The owner's wallets page at /admin/wallets, as an owner uses it: one card per network.</summary>
public sealed class WalletsPage(IPage page)
{
    public IPage Page => page;

    public ILocator Address(string network) => page.GetByTestId($"wallet-address-{network}");

    public ILocator Error(string network) => page.GetByTestId($"wallet-error-{network}");

    public ILocator Current(string network) => page.GetByTestId($"wallet-current-{network}");

    public ILocator State(string network) => page.GetByTestId($"wallet-state-{network}");

    public static async Task<WalletsPage> OpenAsync(IBrowserContext context, string baseUrl)
    {
        var page = await context.NewPageAsync();
        await Owner.SignInAsync(page, baseUrl, "/admin/wallets");
        return new WalletsPage(page);
    }

    /// <summary>Types an address and presses Save; the outcome (saved or refused) is for the test to check.</summary>
    public async Task SaveAsync(string network, string address)
    {
        await Address(network).FillAsync(address);
        await page.GetByTestId($"wallet-save-{network}").ClickAsync();
    }

    /// <summary>Ticks or unticks one accepted asset.</summary>
    public Task ToggleAssetAsync(string network, string symbol) =>
        page.GetByTestId($"wallet-assets-{network}").GetByText(symbol, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
}

/// <summary>The store page at /admin/store: settings form and logo.</summary>
public sealed class StorePage(IPage page)
{
    public IPage Page => page;

    public static async Task<StorePage> OpenAsync(IBrowserContext context, string baseUrl)
    {
        var page = await context.NewPageAsync();
        await Owner.SignInAsync(page, baseUrl, "/admin/store");
        return new StorePage(page);
    }

    public ILocator Field(string testId) => page.GetByTestId(testId);
}

/// <summary>The owner TestPos creates at setup, signing in through the real form.</summary>
public static class Owner
{
    public static async Task SignInAsync(IPage page, string baseUrl, string path)
    {
        await LoginForm.SignInToAsync(page, baseUrl, path, TestPos.OwnerEmail, TestPos.OwnerPassword);
        await CashierPage.WaitInteractiveAsync(page);
    }
}
