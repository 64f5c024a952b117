using System.Net;
using Microsoft.Playwright;
using PaySessions.Core.Chain;
using PaySessions.Core.Merchants;
using PaySessions.Core.Sessions;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>What the customer keeps: the receipt on the paid checkout page and the printable /receipt/{id} page, on the dev chain.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReceiptTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Explorer = "https://polygonscan.example";
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartTerminalAsync(
        "Receipt Cafe", "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc", devChain: true, new Dictionary<string, string?> { ["Networks:polygon:Explorer"] = Explorer });

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task a_paid_sale_shows_its_receipt_on_the_checkout_page_and_the_cashier_opens_a_printable_one_with_a_qr_of_its_own_link()
    {
        await using var terminal = await browser.TerminalAsync();
        await using var phone = await browser.PhoneAsync();
        var cashier = await CashierPage.OpenAsync(terminal, _pos.BaseUrl);
        await cashier.TapAmountAsync("4.2");
        var checkout = await CheckoutPage.OpenAsync(phone, await cashier.ChargeAsync());
        await checkout.PickAsync("USDC", "polygon");

        await checkout.Page.GetByTestId("pay-demo-wallet").ClickAsync();
        await Expect(checkout.Page.GetByTestId("confirmations")).ToContainTextAsync("1 of 3");
        await _pos.MineAsync(2);

        await Expect(checkout.Page.GetByTestId("checkout-paid")).ToBeVisibleAsync();
        var sessionId = Guid.Parse((await cashier.Page.GetByTestId("sale").GetAttributeAsync("data-session-id"))!);
        var paid = (await _pos.Get<SessionService>().ViewAsync(sessionId, null))!.Transaction!;
        var txLink = $"{Explorer}/tx/{paid.TxHash}";
        var token = $"{TokenAmount.Format(paid.Paid, paid.Decimals)} USDC";
        var kept = checkout.Page.GetByTestId("receipt");
        await Expect(kept.GetByTestId("receipt-fiat")).ToHaveTextAsync("4.20 USD");
        await Expect(kept.GetByTestId("receipt-token")).ToHaveTextAsync(token);
        await Expect(kept.GetByTestId("receipt-tx-link")).ToHaveAttributeAsync("href", txLink);
        await Expect(kept.GetByTestId("receipt-tx-link")).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(kept.GetByTestId("receipt-page-link")).ToHaveAttributeAsync("href", $"receipt/{sessionId}");
        await new BackOfficePage(checkout.Page, _pos.BaseUrl).ScreenshotAsync("checkout-receipt");

        await Expect(cashier.Status).ToHaveTextAsync("Paid");
        await Expect(cashier.Page.GetByTestId("receipt-link")).ToHaveAttributeAsync("target", "_blank");
        var printable = await cashier.Page.RunAndWaitForPopupAsync(() => cashier.Page.GetByTestId("receipt-link").ClickAsync());
        await CashierPage.WaitInteractiveAsync(printable);

        Assert.Equal($"{_pos.BaseUrl}/receipt/{sessionId}", printable.Url);
        var receipt = printable.GetByTestId("receipt");
        await Expect(receipt.GetByTestId("receipt-store")).ToHaveTextAsync("Receipt Cafe");
        await Expect(receipt.GetByTestId("receipt-fiat")).ToHaveTextAsync("4.20 USD");
        await Expect(receipt.GetByTestId("receipt-token")).ToHaveTextAsync(token);
        await Expect(receipt.GetByTestId("receipt-network")).ToHaveTextAsync("Polygon");
        await Expect(receipt.GetByTestId("receipt-tx-link")).ToHaveAttributeAsync("href", txLink);
        await Expect(receipt.GetByTestId("receipt-tx-link")).ToHaveAttributeAsync("target", "_blank");
        await Expect(printable.GetByTestId("receipt-qr")).ToHaveAttributeAsync("data-qr", printable.Url);
        await Expect(printable.GetByTestId("receipt-qr").Locator("svg")).ToBeVisibleAsync();
        await printable.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(printable.Locator(".topbar")).ToBeHiddenAsync();
        await Expect(printable.GetByTestId("receipt-print")).ToBeHiddenAsync();
        await Expect(receipt).ToBeVisibleAsync();
        await new BackOfficePage(printable, _pos.BaseUrl).ScreenshotAsync("receipt-print");
    }

    [Fact]
    public async Task an_unpaid_sales_receipt_page_says_there_is_no_receipt_yet()
    {
        var (shop, _) = await _pos.NewMerchantAsync("Unpaid Shop", "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65");
        var session = (await _pos.Get<SessionService>().CreateAsync(new MerchantCaller(shop.Id, ApiKeyKind.Secret), new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;
        await using var phone = await browser.PhoneAsync();
        var page = await phone.NewPageAsync();

        var response = await page.GotoAsync($"{_pos.BaseUrl}/receipt/{session.Id}");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByTestId("receipt-not-paid")).ToContainTextAsync("No receipt yet");
        await Expect(page.GetByTestId("receipt-status")).ToHaveTextAsync("Waiting for payment");
        await Expect(page.GetByTestId("receipt")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("receipt-qr")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task an_unknown_receipt_is_404()
    {
        using var visitor = SignedInClient.Anonymous(_pos);

        using var response = await visitor.GetAsync($"/receipt/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Receipt not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
