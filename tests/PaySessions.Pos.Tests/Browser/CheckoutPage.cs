using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The customer's checkout page at the qrData URL, on a phone.</summary>
public sealed class CheckoutPage(IPage page)
{
    public IPage Page => page;

    public ILocator Status => page.GetByTestId("checkout-status");

    public static async Task<CheckoutPage> OpenAsync(IBrowserContext phone, string qrData)
    {
        var page = await phone.NewPageAsync();
        await page.GotoAsync(qrData);
        await CashierPage.WaitInteractiveAsync(page);
        return new CheckoutPage(page);
    }

    public async Task PickAsync(string asset, string network)
    {
        await page.GetByTestId($"pick-{asset}-{network}").ClickAsync();
        await Expect(page.GetByTestId("pay-details")).ToBeVisibleAsync();
    }

    public async Task<string> TokenAmountAsync() => await page.GetByTestId("token-amount").InnerTextAsync();

    public Task<string?> PaymentUriAsync() => page.GetByTestId("pay-qr").GetAttributeAsync("data-qr");

    public Task<int> PageWidthAsync() => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
}
