using Microsoft.Playwright;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>A split payment: the payer's wallet page on a phone and the cashier's multi-payment screen, on the dev chain.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VoucherFlowTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string SecondWallet = "0xbcd4042de499d14e55001ccbb24a551f3b954096";
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartTerminalAsync("Split Bistro", "0x71be63f3384f5fb98995898a86b02fb2426c5788", devChain: true);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task payer_and_cashier_split_a_bill_into_two_currencies_and_watch_each_part_settle()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        await InjectedWallet.InstallAsync(phone, _pos.Get<DevChainInfo>().Anvil.RpcUrl, DemoCustomer.Address);

        // The payer opens a wallet and reads out its code.
        var wallet = await phone.NewPageAsync();
        await wallet.GotoAsync($"{_pos.BaseUrl}/wallet");
        await CashierPage.WaitInteractiveAsync(wallet);
        await wallet.GetByTestId("open-context").ClickAsync();
        var code = await wallet.GetByTestId("context-code").InnerTextAsync();
        Assert.Matches("^[A-Z0-9]{6}$", code);
        Assert.Equal(code, await wallet.GetByTestId("context-qr").GetAttributeAsync("data-qr"));

        // The cashier opens a session with it; the payer sees it appear and joins.
        var cashier = (await CashierPage.OpenAsync(terminal, _pos.BaseUrl, "/pos/vouchers")).Page;
        await cashier.GetByTestId("payer-code").FillAsync(code);
        await cashier.GetByTestId("open-session").ClickAsync();
        await Expect(cashier.GetByTestId("session-state")).ToHaveTextAsync("Waiting for the payer to join");
        await wallet.GetByTestId("join-session").ClickAsync();
        await Expect(cashier.GetByTestId("session-state")).ToHaveTextAsync("Payer joined");

        // Two parts: 10 USDC to the shop's wallet, 5 EURC to a second wallet.
        await cashier.GetByTestId("voucher-amount-input").FillAsync("10");
        await cashier.GetByTestId("voucher-asset").SelectOptionAsync("polygon:USDC");
        await cashier.GetByTestId("add-voucher").ClickAsync();
        await Expect(cashier.GetByTestId("multi-voucher")).ToHaveCountAsync(1);
        await Expect(cashier.GetByTestId("voucher-amount-input")).ToHaveValueAsync("");
        await cashier.GetByTestId("voucher-amount-input").FillAsync("5");
        await cashier.GetByTestId("voucher-asset").SelectOptionAsync("polygon:EURC");
        await cashier.GetByTestId("voucher-wallet").FillAsync(SecondWallet);
        await cashier.GetByTestId("add-voucher").ClickAsync();
        await Expect(cashier.GetByTestId("multi-voucher")).ToHaveCountAsync(2);

        var cards = wallet.GetByTestId("wallet-voucher");
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(cards.Nth(0).GetByTestId("voucher-amount")).ToHaveTextAsync("10 USDC");
        await Expect(cards.Nth(1).GetByTestId("voucher-amount")).ToHaveTextAsync("5 EURC");

        // The payer pays the first part from the demo wallet: it confirms on its own, the second waits.
        await cards.Nth(0).GetByTestId("voucher-pay-demo").ClickAsync();
        var rows = cashier.GetByTestId("multi-voucher-status");
        await Expect(rows.Nth(0)).ToHaveTextAsync("Confirming 1/3");
        await Expect(rows.Nth(1)).ToHaveTextAsync("Waiting for payment");
        await _pos.MineAsync(2);
        await Expect(rows.Nth(0)).ToHaveTextAsync("Paid");
        await Expect(cards.Nth(0).GetByTestId("voucher-status")).ToHaveTextAsync("Paid");
        await Expect(cards.Nth(0).GetByTestId("receipt-store")).ToHaveTextAsync("Split Bistro");
        await Expect(cards.Nth(0).GetByTestId("receipt-token")).ToHaveTextAsync("10 USDC");
        await Expect(cards.Nth(1).GetByTestId("receipt")).ToHaveCountAsync(0);
        await Expect(rows.Nth(1)).ToHaveTextAsync("Waiting for payment");

        // The second part: the payer would rather pay EURC's worth in USDC (EUR/USD 1.25), through the browser wallet.
        await cards.Nth(1).GetByTestId("voucher-pay-in-USDC").ClickAsync();
        await Expect(cards.Nth(1).GetByTestId("voucher-amount")).ToHaveTextAsync("6.25 USDC");
        await Expect(cashier.GetByTestId("multi-voucher").Nth(1)).ToContainTextAsync("6.25 USDC");
        await cards.Nth(1).GetByTestId("voucher-pay-browser").ClickAsync();
        await Expect(rows.Nth(1)).ToHaveTextAsync("Confirming 1/3");
        await _pos.MineAsync(2);
        await Expect(rows.Nth(1)).ToHaveTextAsync("Paid");
        await Expect(cards.Nth(1).GetByTestId("voucher-status")).ToHaveTextAsync("Paid");

        await cashier.GetByTestId("close-session").ClickAsync();
        await Expect(cashier.GetByTestId("session-state")).ToHaveTextAsync("Closed");

        // The wallet survives a reload on the same device.
        await wallet.ReloadAsync();
        await CashierPage.WaitInteractiveAsync(wallet);
        await Expect(wallet.GetByTestId("context-code")).ToHaveTextAsync(code);
    }

    [Fact]
    public async Task a_wrong_payer_code_is_explained_to_the_cashier()
    {
        await using var terminal = await browser.TerminalAsync();
        var cashier = (await CashierPage.OpenAsync(terminal, _pos.BaseUrl, "/pos/vouchers")).Page;

        await cashier.GetByTestId("payer-code").FillAsync("ZZZZZZ");
        await cashier.GetByTestId("open-session").ClickAsync();

        await Expect(cashier.GetByTestId("multi-error")).ToContainTextAsync("No open payer context");
    }
}
