using Microsoft.Playwright;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The whole loop on a real chain: cashier charges, the customer pays from a wallet, the cashier sees it settle live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OnChainCheckoutTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartTerminalAsync("Chain Cafe", "0x14dc79964da2c08b23698b3d3cc7ca32193d9955", devChain: true);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task paying_through_an_injected_browser_wallet_turns_the_cashier_screen_paid_without_reload()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        await InjectedWallet.InstallAsync(phone, _pos.Get<DevChainInfo>().Anvil.RpcUrl, DemoCustomer.Address);
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await cashier.Page.EvaluateAsync("() => window.__notReloaded = true");
        await cashier.TapAmountAsync("4.2");
        var checkout = await CheckoutPage.OpenAsync(phone, await cashier.ChargeAsync());
        await checkout.PickAsync("USDC", "polygon");

        await checkout.Page.GetByTestId("pay-browser-wallet").ClickAsync();

        await Expect(checkout.Page.GetByTestId("checkout-confirming")).ToBeVisibleAsync();
        await Expect(cashier.Page.GetByTestId("sale-confirmations")).ToHaveTextAsync("1 of 3");
        var calls = await checkout.Page.EvaluateAsync<string[]>("() => window.__walletCalls");
        Assert.Contains("eth_requestAccounts", calls);
        Assert.Contains("eth_sendTransaction", calls);

        await _pos.MineAsync(2);

        await Expect(cashier.Status).ToHaveTextAsync("Paid");
        await Expect(cashier.Final).ToContainTextAsync("Paid");
        await Expect(cashier.Page.GetByTestId("sale-paid-detail")).ToContainTextAsync("USDC on polygon");
        await Expect(checkout.Page.GetByTestId("checkout-paid")).ToBeVisibleAsync();
        Assert.True(await cashier.Page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the cashier page must update in place");
    }

    [Fact]
    public async Task the_demo_wallet_pays_on_the_dev_chain_and_both_screens_follow_the_confirmations()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await cashier.TapAmountAsync("9");
        var checkout = await CheckoutPage.OpenAsync(phone, await cashier.ChargeAsync());
        await checkout.PickAsync("EURC", "polygon");
        await Expect(checkout.Page.GetByTestId("pay-browser-wallet")).ToHaveCountAsync(0);

        await checkout.Page.GetByTestId("pay-demo-wallet").ClickAsync();

        await Expect(checkout.Page.GetByTestId("confirmations")).ToContainTextAsync("1 of 3");
        await _pos.MineAsync(1);
        await Expect(checkout.Page.GetByTestId("confirmations")).ToContainTextAsync("2 of 3");
        await Expect(cashier.Page.GetByTestId("sale-confirmations")).ToHaveTextAsync("2 of 3");
        await _pos.MineAsync(1);
        await Expect(checkout.Page.GetByTestId("checkout-paid")).ToBeVisibleAsync();
        await Expect(cashier.Status).ToHaveTextAsync("Paid");
    }
}
