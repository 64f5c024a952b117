using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The refunds panel of a paid sale's details page, as a manager or owner uses it with the store's browser wallet.</summary>
public sealed class RefundPanelPage(IPage page)
{
    public IPage Page => page;

    public ILocator Panel => page.GetByTestId("refund-panel");

    public ILocator Paid => page.GetByTestId("refund-paid");

    public ILocator Refunded => page.GetByTestId("refund-refunded");

    public ILocator Available => page.GetByTestId("refund-available");

    public ILocator Waiting => page.GetByTestId("refund-waiting");

    public ILocator Rows => page.GetByTestId("refund-list").Locator("tr[data-refund]");

    public ILocator Amount => page.GetByTestId("refund-amount");

    public ILocator WalletError => page.GetByTestId("refund-wallet-error");

    /// <summary>Opens "Refund…" and waits for the dialog, its amount prefilled.</summary>
    public async Task OpenDialogAsync()
    {
        await page.GetByTestId("refund-open").ClickAsync();
        await Expect(Amount).Not.ToHaveValueAsync("");
    }

    public Task HalfAsync() => page.GetByTestId("refund-half").ClickAsync();

    public Task SignAsync() => page.GetByTestId("refund-sign").ClickAsync();

    /// <summary>The methods the injected wallet was asked for, in order.</summary>
    public async Task<string[]> WalletCallsAsync() => await page.EvaluateAsync<string[]>("() => window.__walletCalls || []");

    public async Task AssertOnlyRefundAsync(string status)
    {
        await Expect(Rows).ToHaveCountAsync(1);
        await Expect(Rows.GetByTestId("refund-status")).ToHaveTextAsync(status, new LocatorAssertionsToHaveTextOptions { IgnoreCase = true, Timeout = 15_000 });
    }
}
