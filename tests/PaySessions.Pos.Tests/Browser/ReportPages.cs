using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The dashboard at /admin/dashboard: a card for today and one for this week, the chart and its table of days.</summary>
public sealed class DashboardPage(IPage page)
{
    public IPage Page => page;

    public ILocator Figure(string card, string figure) => page.GetByTestId($"{card}-{figure}");

    public ILocator Received(string card, string asset) =>
        page.GetByTestId($"{card}-received").Locator($"[data-testid='token-total'][data-asset='{asset}']");

    public ILocator Chart => page.GetByTestId("dashboard-chart");

    public ILocator Day(DateOnly day) => page.Locator($"[data-testid='dashboard-day'][data-day='{day:yyyy-MM-dd}']");

    public async Task AssertCardAsync(string card, int sales, int paid, string share, string total)
    {
        await Expect(Figure(card, "sales")).ToHaveTextAsync(sales.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Figure(card, "paid")).ToHaveTextAsync(paid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(Figure(card, "share")).ToHaveTextAsync(share);
        await Expect(Figure(card, "total")).ToHaveTextAsync(total);
    }
}

/// <summary>The end-of-day report at /admin/end-of-day: the store's card, one row per cashier, the unresolved list, print and CSV.</summary>
public sealed class EndOfDayPage(IPage page)
{
    public IPage Page => page;

    public ILocator StoreFigure(string figure) => page.GetByTestId($"eod-store-{figure}");

    /// <summary>The cashiers table's row for <paramref name="name"/>.</summary>
    public ILocator Cashier(string name) =>
        page.GetByTestId("eod-cashiers").Locator("tr").Filter(new() { Has = page.GetByTestId("cashier-name").GetByText(name, new() { Exact = true }) });

    /// <summary>Presses "Download CSV" and returns the file's name and text.</summary>
    public async Task<(string Name, string Text)> DownloadCsvAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("eod-csv").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), "paysessions-downloads", Guid.NewGuid().ToString("N") + ".csv");
        await download.SaveAsAsync(path);
        try
        {
            return (download.SuggestedFilename, (await File.ReadAllTextAsync(path)).TrimStart('\uFEFF'));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Types a day into the date picker, as a manager would, and waits for that day's report.</summary>
    public async Task PickDayAsync(DateOnly day)
    {
        var input = page.GetByTestId("eod-date");
        await input.FillAsync($"{day:yyyy-MM-dd}");
        await input.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.EndsWith($"date={day:yyyy-MM-dd}", StringComparison.Ordinal));
    }
}
