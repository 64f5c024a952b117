using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The cashier terminal at /pos, as a person uses it.</summary>
public sealed class CashierPage(IPage page)
{
    public IPage Page => page;

    public ILocator Status => page.GetByTestId("sale-status");

    public ILocator Picked => page.GetByTestId("picked");

    public ILocator PickedAmount => page.GetByTestId("picked-amount");

    public ILocator Final => page.GetByTestId("sale-final");

    public static async Task<CashierPage> OpenAsync(IBrowserContext context, string baseUrl, string path = "/pos")
    {
        var page = await context.NewPageAsync();
        await SignInAsync(page, baseUrl, path);
        return new CashierPage(page);
    }

    /// <summary>Goes to a cashier screen; it sends an unsigned visitor to the sign-in form, which brings the cashier back.</summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string path)
    {
        await LoginForm.SignInToAsync(page, baseUrl, path, "cashier", Support.TestPos.CashierPassword);
        await WaitInteractiveAsync(page);
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("body[data-interactive='true']", new PageWaitForSelectorOptions { Timeout = 15_000 });

    public async Task TapAmountAsync(string amount)
    {
        foreach (var key in amount)
        {
            await page.GetByTestId(key == '.' ? "key-dot" : $"key-{key}").ClickAsync();
        }

        await Expect(page.GetByTestId("amount-display")).ToContainTextAsync(amount);
    }

    /// <summary>Starts the sale and returns the checkout link (qrData) the QR code shows.</summary>
    public async Task<string> ChargeAsync()
    {
        await page.GetByTestId("create").ClickAsync();
        await Expect(page.GetByTestId("sale-qr")).ToBeVisibleAsync();
        var link = await page.GetByTestId("qr-link").GetAttributeAsync("href");
        Assert.Equal(link, await page.GetByTestId("sale-qr").GetAttributeAsync("data-qr"));
        return link!;
    }
}
