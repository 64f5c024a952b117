using System.Globalization;
using System.Numerics;
using Microsoft.Playwright;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CheckoutFlowTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Wallet = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartTerminalAsync("Corner Cafe", Wallet, devChain: false);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task cashier_charges_customer_picks_on_a_phone_and_the_cashier_sees_the_choice_without_reload()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await cashier.Page.EvaluateAsync("() => window.__notReloaded = true");

        await cashier.TapAmountAsync("12.34");
        var qrData = await cashier.ChargeAsync();
        Assert.Matches($"^{_pos.BaseUrl}/pay/[0-9a-f-]{{36}}$", qrData);
        await Expect(cashier.Page.GetByTestId("waiting")).ToBeVisibleAsync();
        await Expect(cashier.Status).ToHaveTextAsync("Waiting for payment");

        var checkout = await CheckoutPage.OpenAsync(phone, qrData);
        await Expect(checkout.Page.GetByTestId("merchant-name")).ToHaveTextAsync("Corner Cafe");
        await Expect(checkout.Page.GetByTestId("fiat-amount")).ToHaveTextAsync("12.34 USD");
        await Expect(checkout.Page.GetByTestId("countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1[45]:[0-5][0-9]$"));
        await checkout.PickAsync("USDC", "polygon");

        var tokenAmount = await checkout.TokenAmountAsync();
        var units = TokenAmountUnits(tokenAmount);
        Assert.InRange(units, new BigInteger(12_340_001), new BigInteger(12_349_999));
        var uri = await checkout.PaymentUriAsync();
        Assert.Equal($"ethereum:{TestNetworks.Usdc}@137/transfer?address={Wallet}&uint256={units}", uri);
        Assert.Equal(uri, await checkout.Page.GetByTestId("open-wallet").GetAttributeAsync("href"));
        await Expect(checkout.Page.GetByTestId("recipient")).ToHaveTextAsync(Wallet);
        await Expect(checkout.Page.GetByTestId("network-warning")).ToContainTextAsync("Polygon");
        Assert.True(await checkout.PageWidthAsync() <= 360, "the checkout page must fit a 360 px screen without sideways scrolling");

        await Expect(cashier.Picked).ToHaveTextAsync("USDC on polygon");
        await Expect(cashier.PickedAmount).ToHaveTextAsync(tokenAmount);
        Assert.True(await cashier.Page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the cashier page must update in place");
    }

    [Fact]
    public async Task the_keyboard_works_on_the_terminal_and_a_changed_choice_reaches_the_cashier()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);

        await cashier.Page.GetByTestId("currency").SelectOptionAsync("EUR");
        await cashier.Page.GetByTestId("amount-input").FillAsync("20");
        await cashier.Page.GetByTestId("amount-input").PressAsync("Enter");
        await Expect(cashier.Page.GetByTestId("sale-amount")).ToHaveTextAsync("20.00 EUR");
        var qrData = await cashier.Page.GetByTestId("qr-link").GetAttributeAsync("href");

        var checkout = await CheckoutPage.OpenAsync(phone, qrData!);
        await checkout.PickAsync("EURC", "polygon");
        await Expect(cashier.Picked).ToHaveTextAsync("EURC on polygon");

        await checkout.Page.GetByTestId("change-asset").ClickAsync();
        await checkout.PickAsync("USDC", "polygon");
        var usdc = await checkout.TokenAmountAsync();
        Assert.StartsWith("25.00", usdc.PadRight(8, '0'));
        await Expect(cashier.Picked).ToHaveTextAsync("USDC on polygon");
        await Expect(cashier.PickedAmount).ToHaveTextAsync(usdc);
    }

    [Fact]
    public async Task a_canceled_sale_closes_the_customer_page_live_and_the_cashier_starts_the_next_sale()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await cashier.TapAmountAsync("5");
        var checkout = await CheckoutPage.OpenAsync(phone, await cashier.ChargeAsync());

        await cashier.Page.GetByTestId("cancel").ClickAsync();

        await Expect(cashier.Final).ToContainTextAsync("canceled");
        await Expect(checkout.Page.GetByTestId("checkout-closed")).ToBeVisibleAsync();
        await cashier.Page.GetByTestId("next-sale").ClickAsync();
        await Expect(cashier.Page.GetByTestId("amount-display")).ToContainTextAsync("0");
        await Expect(cashier.Page.GetByTestId("create")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task when_the_window_closes_both_screens_show_expired()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await cashier.TapAmountAsync("7.5");
        var checkout = await CheckoutPage.OpenAsync(phone, await cashier.ChargeAsync());
        await checkout.PickAsync("USDT", "polygon");

        _pos.Time.Advance(TimeSpan.FromMinutes(16));
        await _pos.Get<SessionSweeper>().SweepAsync();

        await Expect(cashier.Status).ToHaveTextAsync("Expired");
        await Expect(cashier.Final).ToContainTextAsync("closed without a payment");
        await Expect(checkout.Page.GetByTestId("checkout-expired")).ToBeVisibleAsync();
        await Expect(checkout.Page.GetByTestId("pay-qr")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task an_amount_the_currency_cannot_have_is_explained_on_the_terminal()
    {
        await using var terminal = await browser.TerminalAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);

        await cashier.TapAmountAsync("1.234");
        await cashier.Page.GetByTestId("create").ClickAsync();

        await Expect(cashier.Page.GetByTestId("entry-error")).ToContainTextAsync("more decimals");
        await Expect(cashier.Page.GetByTestId("sale")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task signing_out_locks_the_terminal_again()
    {
        await using var terminal = await browser.TerminalAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await Expect(cashier.Page.GetByTestId("signed-in-as")).ToHaveTextAsync("cashier");

        await cashier.Page.GetByTestId("logout").ClickAsync();

        await Expect(cashier.Page.GetByTestId("login-form")).ToBeVisibleAsync();
        await cashier.Page.GotoAsync($"{_pos.BaseUrl}/pos");
        await Expect(cashier.Page.GetByTestId("login-form")).ToBeVisibleAsync();
        await Expect(cashier.Page.GetByTestId("amount-display")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task an_unknown_payment_link_says_so()
    {
        await using var phone = await browser.PhoneAsync();
        var checkout = await CheckoutPage.OpenAsync(phone, $"{_pos.BaseUrl}/pay/{Guid.NewGuid()}");

        await Expect(checkout.Page.GetByTestId("checkout-missing")).ToBeVisibleAsync();
    }

    private static BigInteger TokenAmountUnits(string amount) =>
        new(decimal.Parse(amount, CultureInfo.InvariantCulture) * 1_000_000m);
}
