using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>A sale's details and timeline at /admin/sessions/{id}, as a manager or owner reads them.</summary>
public sealed class SessionDetailsPage(IPage page)
{
    public IPage Page => page;

    public ILocator Details => page.GetByTestId("session-details");

    public ILocator NotFound => page.GetByTestId("session-not-found");

    public ILocator Lines => page.GetByTestId("timeline-text");

    public ILocator LastLine => Lines.Last;

    public ILocator TimelineTxLink => page.GetByTestId("timeline-tx-link");

    public ILocator Payment => page.GetByTestId("session-payment");

    public static string PathOf(Guid sessionId) => $"/admin/sessions/{sessionId}";

    /// <summary>Signs the store's owner in on the way to the sale's page and waits for it to be live.</summary>
    public static async Task<SessionDetailsPage> OpenAsOwnerAsync(IBrowserContext context, string baseUrl, Guid sessionId)
    {
        var page = await context.NewPageAsync();
        await Owner.SignInAsync(page, baseUrl, PathOf(sessionId));
        return new SessionDetailsPage(page);
    }

    /// <summary>The kinds of the timeline's lines in order, consecutive confirmations counted once (how many blocks a poll sees varies).</summary>
    public async Task<IReadOnlyList<string>> StepsAsync()
    {
        var kinds = await page.GetByTestId("timeline-entry").EvaluateAllAsync<string[]>("entries => entries.map(e => e.dataset.kind)");
        return kinds.Where((kind, i) => !(kind == "Confirmation" && i > 0 && kinds[i - 1] == "Confirmation")).ToList();
    }

    public async Task AssertPaidAsync() => await Expect(LastLine).ToHaveTextAsync("Paid", new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
}
