using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>Everyone changes their own password at /account; the old one stops working at once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OwnPasswordTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(environment: "Production");
        var (store, _) = await _pos.NewMerchantAsync("Password Shop");
        await _pos.AddUserAsync(store.Id, "till@password.shop", "front counter phrase", StoreRole.Cashier);
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task a_cashier_changes_their_password_and_signs_in_with_the_new_one()
    {
        await using var context = await browser.TerminalAsync();
        var desk = await BackOfficePage.OpenAsync(context, _pos.BaseUrl);
        await desk.SignInAsync("till@password.shop", "front counter phrase", "/account");
        await desk.Page.WaitForURLAsync(_pos.BaseUrl + "/account");

        await desk.Page.GetByTestId("password-current").FillAsync("front counter phrase");
        await desk.Page.GetByTestId("password-new").FillAsync("short");
        await desk.Page.GetByTestId("password-repeat").FillAsync("short");
        await desk.Page.GetByTestId("password-save").ClickAsync();
        await Expect(desk.Page.GetByTestId("password-message")).ToContainTextAsync("at least 10");

        await desk.Page.GetByTestId("password-current").FillAsync("front counter phrase");
        await desk.Page.GetByTestId("password-new").FillAsync("a fresh counter phrase");
        await desk.Page.GetByTestId("password-repeat").FillAsync("a fresh counter phrase");
        await desk.Page.GetByTestId("password-save").ClickAsync();
        await Expect(desk.Page.GetByTestId("password-message")).ToHaveTextAsync("Password changed.");

        // Still signed in here after the change.
        await desk.GoAsync("/pos");
        await Expect(desk.Page.GetByTestId("amount-display")).ToBeVisibleAsync();
        await desk.SignOutAsync();

        await desk.SignInAsync("till@password.shop", "front counter phrase", "/pos");
        await Expect(desk.Page.GetByTestId("login-error")).ToBeVisibleAsync();
        await desk.SignInAsync("till@password.shop", "a fresh counter phrase", "/pos");
        await desk.Page.WaitForURLAsync(_pos.BaseUrl + "/pos");
    }
}
