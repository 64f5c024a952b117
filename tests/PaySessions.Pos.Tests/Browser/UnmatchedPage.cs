using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The back office's unmatched transfers at /admin/unmatched: attach a transfer to a sale, or set it aside.</summary>
public sealed class UnmatchedPage(IPage page)
{
    public const string Path = "/admin/unmatched";

    public IPage Page => page;

    public ILocator Grid => page.GetByTestId("unmatched-grid");

    public ILocator SessionError => page.GetByTestId("error-session");

    public ILocator NoteError => page.GetByTestId("error-note");

    public static async Task<UnmatchedPage> OpenAsOwnerAsync(IBrowserContext context, string baseUrl)
    {
        var page = await context.NewPageAsync();
        await Owner.SignInAsync(page, baseUrl, Path);
        await Expect(page.GetByTestId("unmatched-page")).ToBeVisibleAsync();
        return new UnmatchedPage(page);
    }

    /// <summary>The grid's row of the transfer sent in that transaction.</summary>
    public ILocator Row(string txHash) => Grid.Locator("tr", new LocatorLocatorOptions { Has = page.Locator($"[data-tx='{txHash}']") });

    /// <summary>Opens "Attach…" on the transfer, types the sale's id and submits; the outcome is for the test to check.</summary>
    public async Task AttachAsync(string txHash, string sessionId)
    {
        if (!await page.GetByTestId("attach-form").IsVisibleAsync())
        {
            await Row(txHash).GetByTestId("transfer-attach").ClickAsync();
        }

        await page.GetByTestId("attach-session").FillAsync(sessionId);
        await page.GetByTestId("attach-submit").ClickAsync();
    }

    /// <summary>Opens "Set aside…" on the transfer, writes the note and submits.</summary>
    public async Task SetAsideAsync(string txHash, string note)
    {
        if (!await page.GetByTestId("set-aside-form").IsVisibleAsync())
        {
            await Row(txHash).GetByTestId("transfer-set-aside").ClickAsync();
        }

        await page.GetByTestId("set-aside-note").FillAsync(note);
        await page.GetByTestId("set-aside-submit").ClickAsync();
    }

    public Task ShowSetAsideAsync() => page.GetByTestId("show-ignored").ClickAsync();
}
