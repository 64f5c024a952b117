using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>A live terminal screen whose cashier is disabled stops working at the next check, without anyone reloading it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignOutTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() =>
        _pos = await TestPos.StartTerminalAsync("Live Shop", "0x2546bcd3c84621e976d8185a91a922ae77ecec30", devChain: false, new Dictionary<string, string?> { ["Pos:SignOutWithin"] = "00:00:02" });

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task disabling_a_cashier_takes_their_open_terminal_to_the_sign_in_form()
    {
        await using var terminal = await browser.TerminalAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await Expect(cashier.Page.GetByTestId("amount-display")).ToBeVisibleAsync();

        await using (var scope = _pos.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<UserDirectory>();
            var store = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StoreUser>>().FindByNameAsync("cashier"))!.CurrentStoreId!.Value;
            var member = (await directory.ListAsync(store)).Single(m => m.UserName == "cashier");
            Assert.Null(await directory.SetDisabledAsync(store, member.UserId, disabled: true));
        }

        await Expect(cashier.Page.GetByTestId("login-form")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(cashier.Page.GetByTestId("amount-display")).ToHaveCountAsync(0);
    }
}
