using System.Net;
using Microsoft.Playwright;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class KeysPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync();

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task an_owner_creates_a_key_sees_it_once_copies_it_and_revokes_it()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        var keys = await KeysPage.OpenAsync(context, _pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);
        await Expect(keys.Grid).ToContainTextAsync("No keys yet");

        var key = await keys.CreateKeyAsync("Web shop", "Secret");

        Assert.Matches("^ak_[0-9a-f]{48}$", key);
        await Expect(keys.IssuedPanel).ToContainTextAsync("you will not see it again");
        await keys.Page.GetByTestId("copy-key").ClickAsync();
        await Expect(keys.Page.GetByTestId("copy-key")).ToContainTextAsync("Copied");
        Assert.Equal(key, await keys.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        // The owner's first store has no wallets yet, so the key is tried on a read: 404 accepted, 401 refused.
        using var integration = _pos.Client(apiKey: key);
        Assert.Equal(HttpStatusCode.NotFound, await integration.LookUpStatusAsync());

        await keys.CloseIssuedAsync();
        await keys.AssertRowAsync("Web shop", "Secret", key[..10], "Active");
        await Expect(keys.Row("Web shop").GetByTestId("key-last-used")).Not.ToHaveTextAsync("never");
        Assert.DoesNotContain(key, await keys.Page.ContentAsync(), StringComparison.Ordinal);

        await keys.Page.ReloadAsync();
        await CashierPage.WaitInteractiveAsync(keys.Page);
        await keys.AssertRowAsync("Web shop", "Secret", key[..10], "Active");
        Assert.DoesNotContain(key, await keys.Page.ContentAsync(), StringComparison.Ordinal);

        await keys.RevokeAsync("Web shop");

        await keys.AssertRowAsync("Web shop", "Secret", key[..10], "Revoked");
        await Expect(keys.Row("Web shop").GetByTestId("revoke-key")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, await integration.LookUpStatusAsync());
    }

    [Fact]
    public async Task a_nameless_key_is_refused_and_keep_it_in_the_confirmation_leaves_a_publishable_key_working()
    {
        await using var context = await browser.TerminalAsync();
        var keys = await KeysPage.OpenAsync(context, _pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);

        await keys.Page.GetByTestId("create-key").ClickAsync();
        await keys.Page.GetByTestId("create-key-submit").ClickAsync();
        await Expect(keys.Page.GetByTestId("create-key-error")).ToContainTextAsync("name");
        await keys.Page.GetByTestId("create-key-cancel").ClickAsync();
        await Expect(keys.Grid).ToContainTextAsync("No keys yet");

        var key = await keys.CreateKeyAsync("Till 2", "Publishable");
        Assert.Matches("^pk_[0-9a-f]{48}$", key);
        await keys.CloseIssuedAsync();
        await keys.AssertRowAsync("Till 2", "Publishable", key[..10], "Active");
        await Expect(keys.Row("Till 2").GetByTestId("key-last-used")).ToHaveTextAsync("never");

        // Changing one's mind in the confirmation leaves the key working.
        await keys.Row("Till 2").GetByTestId("revoke-key").ClickAsync();
        await keys.Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Keep it" }).ClickAsync();
        await keys.AssertRowAsync("Till 2", "Publishable", key[..10], "Active");
        using var till = _pos.Client(publishableKey: key);
        Assert.Equal(HttpStatusCode.NotFound, await till.LookUpStatusAsync());
    }

    [Fact]
    public async Task a_cashier_is_turned_away_from_the_keys_page()
    {
        var (store, _) = await _pos.NewMerchantAsync("Cashier's Shop");
        await _pos.AddUserAsync(store.Id, "till-cashier", TestPos.CashierPassword, StoreRole.Cashier);
        await using var context = await browser.TerminalAsync();

        var page = await KeysPage.SignInAsync(context, _pos.BaseUrl, "till-cashier", TestPos.CashierPassword);

        await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("keys-page")).ToHaveCountAsync(0);
    }
}
