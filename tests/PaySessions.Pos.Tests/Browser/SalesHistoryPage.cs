using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The sales history at /admin/sessions, as a manager or owner filters, opens and exports it.</summary>
public sealed class SalesHistoryPage(IPage page)
{
    public const string Path = "/admin/sessions";

    public IPage Page => page;

    public ILocator Rows => page.GetByTestId("history-grid").Locator("tr[data-session]");

    public ILocator Total => page.GetByTestId("history-total");

    public ILocator Error => page.GetByTestId("history-error");

    public ILocator Row(Guid sessionId) => page.Locator($"tr[data-session='{sessionId}']");

    public static async Task<SalesHistoryPage> OpenAsOwnerAsync(IBrowserContext context, string baseUrl)
    {
        var page = await context.NewPageAsync();
        await Owner.SignInAsync(page, baseUrl, Path);
        return new SalesHistoryPage(page);
    }

    /// <summary>Picks a status in the filter (as its badge says it, "Paid") and applies the filters.</summary>
    public async Task FilterByStatusAsync(string status)
    {
        await page.GetByTestId("history-status").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = status, Exact = true }).ClickAsync();
        await ApplyAsync();
    }

    public Task ApplyAsync() => page.GetByTestId("history-apply").ClickAsync();

    public Task ClearAsync() => page.GetByTestId("history-clear").ClickAsync();

    /// <summary>Follows the sale's row to its details page.</summary>
    public async Task<SessionDetailsPage> OpenAsync(Guid sessionId)
    {
        await Row(sessionId).GetByTestId("history-open").ClickAsync();
        await page.WaitForURLAsync($"**{SessionDetailsPage.PathOf(sessionId)}");
        await Expect(page.GetByTestId("session-details")).ToBeVisibleAsync();
        return new SessionDetailsPage(page);
    }

    /// <summary>Presses "Export CSV" and returns the file's name and lines.</summary>
    public async Task<(string Name, string[] Lines)> ExportAsync()
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("history-export").ClickAsync());
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paysessions-downloads", Guid.NewGuid().ToString("N") + ".csv");
        await download.SaveAsAsync(file);
        try
        {
            var text = (await File.ReadAllTextAsync(file)).TrimStart('\uFEFF');
            return (download.SuggestedFilename, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
