using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The back office's API keys page at /admin/keys, as an owner uses it.</summary>
public sealed class KeysPage(IPage page)
{
    public IPage Page => page;

    public ILocator Grid => page.GetByTestId("keys-grid");

    public ILocator IssuedKey => page.GetByTestId("issued-key");

    public ILocator IssuedPanel => page.GetByTestId("issued-key-panel");

    /// <summary>Goes to /admin/keys as an owner, signs in, and waits for the page to be live.</summary>
    public static async Task<KeysPage> OpenAsync(IBrowserContext context, string baseUrl, string user, string password)
    {
        var page = await SignInAsync(context, baseUrl, user, password);
        await Expect(page.GetByTestId("keys-page")).ToBeVisibleAsync();
        await CashierPage.WaitInteractiveAsync(page);
        return new KeysPage(page);
    }

    /// <summary>Asks for /admin/keys and signs in at the form it leads to; where that ends depends on the user's role.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string baseUrl, string user, string password)
    {
        var page = await context.NewPageAsync();
        await LoginForm.SignInAsync(page, baseUrl, "/admin/keys", user, password);
        return page;
    }

    /// <summary>Fills in the create dialog and returns the key it shows (still open on the one-time view).</summary>
    public async Task<string> CreateKeyAsync(string label, string kind)
    {
        await page.GetByTestId("create-key").ClickAsync();
        await page.GetByTestId("key-label-input").FillAsync(label);
        await page.GetByTestId("key-kind-select").GetByText(kind, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await page.GetByTestId("create-key-submit").ClickAsync();
        await Expect(IssuedKey).ToBeVisibleAsync();
        return (await IssuedKey.TextContentAsync())!.Trim();
    }

    public async Task CloseIssuedAsync()
    {
        await page.GetByTestId("issued-done").ClickAsync();
        await Expect(IssuedPanel).ToHaveCountAsync(0);
    }

    public ILocator Row(string label) => Grid.Locator("tr", new LocatorLocatorOptions
    {
        Has = page.GetByTestId("key-label").Filter(new LocatorFilterOptions { HasTextRegex = new Regex($"^{Regex.Escape(label)}$") }),
    });

    /// <summary>Revokes the key with that label, confirming in the dialog the page asks with.</summary>
    public async Task RevokeAsync(string label)
    {
        await Row(label).GetByTestId("revoke-key").ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Yes, revoke" }).ClickAsync();
    }

    public async Task AssertRowAsync(string label, string kind, string prefix, string status)
    {
        var row = Row(label);
        await Expect(row.GetByTestId("key-kind")).ToHaveTextAsync(kind);
        await Expect(row.GetByTestId("key-prefix")).ToHaveTextAsync(prefix + "…");
        await Expect(row.GetByTestId("key-status")).ToHaveTextAsync(new Regex(status, RegexOptions.IgnoreCase));
    }
}
