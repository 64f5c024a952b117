using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The back office's webhooks page at /admin/webhooks, as an owner uses it.</summary>
public sealed class WebhooksPage(IPage page)
{
    /// <summary>Deliveries change in the background (the sender, then the page's own refresh every 2 s).</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Background = new() { Timeout = 15_000 };

    public IPage Page => page;

    public ILocator Grid => page.GetByTestId("webhooks-grid");

    public ILocator Secret => page.GetByTestId("webhook-secret");

    public ILocator SecretPanel => page.GetByTestId("webhook-secret-panel");

    public ILocator Deliveries => page.GetByTestId("deliveries-grid");

    public ILocator AttemptsLog => Deliveries.GetByTestId("attempts-log");

    /// <summary>Goes to /admin/webhooks, signs in, and waits for the page to be live.</summary>
    public static async Task<WebhooksPage> OpenAsync(IBrowserContext context, string baseUrl, string user, string password)
    {
        var page = await SignInAsync(context, baseUrl, user, password);
        await Expect(page.GetByTestId("webhooks-page")).ToBeVisibleAsync();
        await CashierPage.WaitInteractiveAsync(page);
        return new WebhooksPage(page);
    }

    /// <summary>Asks for /admin/webhooks and signs in at the form it leads to; where that ends depends on the user's role.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string baseUrl, string user, string password)
    {
        var page = await context.NewPageAsync();
        await LoginForm.SignInAsync(page, baseUrl, "/admin/webhooks", user, password);
        return page;
    }

    /// <summary>Opens the add dialog, fills it in and submits it; the dialog stays open when something was refused.</summary>
    public async Task SubmitEndpointAsync(string url, IEnumerable<string> events, string description)
    {
        if (await page.GetByTestId("add-webhook-form").CountAsync() == 0)
        {
            await page.GetByTestId("add-webhook").ClickAsync();
        }

        await page.GetByTestId("webhook-url-input").FillAsync(url);
        var types = page.GetByTestId("webhook-events-input");
        foreach (var type in events)
        {
            await types.GetByText(type, new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        }

        await page.GetByTestId("webhook-description-input").FillAsync(description);
        await page.GetByTestId("add-webhook-submit").ClickAsync();
    }

    /// <summary>Adds an endpoint and returns the signing secret the page shows once (its dialog still open).</summary>
    public async Task<string> AddEndpointAsync(string url, IEnumerable<string> events, string description)
    {
        await SubmitEndpointAsync(url, events, description);
        await Expect(Secret).ToBeVisibleAsync();
        return (await Secret.TextContentAsync())!.Trim();
    }

    /// <summary>What the add dialog says under a field (<c>url</c>, <c>events</c>, <c>description</c>).</summary>
    public ILocator FieldError(string field) => page.GetByTestId($"error-{field}");

    public async Task CancelAddAsync()
    {
        await page.GetByTestId("add-webhook-cancel").ClickAsync();
        await Expect(page.GetByTestId("add-webhook-form")).ToHaveCountAsync(0);
    }

    public async Task CloseSecretAsync()
    {
        await page.GetByTestId("webhook-secret-done").ClickAsync();
        await Expect(SecretPanel).ToHaveCountAsync(0);
    }

    public ILocator Row(string url) => Grid.Locator("tr", new LocatorLocatorOptions
    {
        Has = page.GetByTestId("webhook-url").Filter(new LocatorFilterOptions { HasTextRegex = new Regex($"^{Regex.Escape(url)}$") }),
    });

    public async Task AssertRowAsync(string url, string events, string description, string format, string status)
    {
        var row = Row(url);
        try
        {
            await Expect(row.GetByTestId("webhook-events")).ToHaveTextAsync(events);
        }
        catch (PlaywrightException missing)
        {
            // Diagnosis of a rare failure (about one full suite in fifteen): the row was not found by this locator for
            // 15 s while the page snapshot taken after showed it. What the DOM holds then says which part did not match.
            var urls = await page.EvaluateAsync<string>("() => Array.from(document.querySelectorAll('[data-testid=webhook-url]'))"
                + ".map(e => JSON.stringify(e.textContent) + (e.closest('tr') ? ' in a row' : ' in no row')"
                + " + (e.closest('[data-testid=webhooks-grid]') ? ' of the grid' : ' outside the grid')).join(' | ')");
            var grids = await Grid.EvaluateAllAsync<string>("grids => grids.length + ' grid(s): ' + grids.map(g => g.outerHTML).join(' ---- ')");
            throw new InvalidOperationException($"Row of {url} without events \"{events}\" (rows the locator finds now: {await Row(url).CountAsync()}). URL cells: {urls}. {grids}", missing);
        }
        await Expect(row.GetByTestId("webhook-description")).ToHaveTextAsync(description);
        await Expect(row.GetByTestId("webhook-format")).ToHaveTextAsync(format);
        await Expect(row.GetByTestId("webhook-status")).ToHaveTextAsync(new Regex(status, RegexOptions.IgnoreCase));
    }

    /// <summary>Rotates the endpoint's secret, confirming, and returns the new one the page shows once (its dialog still open).</summary>
    public async Task<string> RotateSecretAsync(string url)
    {
        await Row(url).GetByTestId("webhook-rotate").ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Yes, rotate" }).ClickAsync();
        await Expect(Secret).ToBeVisibleAsync();
        return (await Secret.TextContentAsync())!.Trim();
    }

    /// <summary>Deletes the endpoint, confirming in the dialog the page asks with.</summary>
    public async Task DeleteAsync(string url)
    {
        await Row(url).GetByTestId("webhook-delete").ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Yes, delete" }).ClickAsync();
    }

    public async Task ShowDeliveriesAsync(string url)
    {
        await Row(url).GetByTestId("webhook-deliveries").ClickAsync();
        await Expect(page.GetByTestId("deliveries-endpoint")).ToHaveTextAsync(url);
    }

    public async Task RefreshDeliveriesAsync() => await page.GetByTestId("deliveries-refresh").ClickAsync();

    /// <summary>The delivery rows, newest first.</summary>
    public ILocator DeliveryRows => Deliveries.Locator("tr[data-delivery]");

    // Radzen's pager links; the grid shows it once there is more than one page.
    public async Task NextDeliveriesPageAsync() => await Deliveries.Locator(".rz-pager-next").ClickAsync();

    public async Task PreviousDeliveriesPageAsync() => await Deliveries.Locator(".rz-pager-prev").ClickAsync();

    /// <summary>Waits until the newest delivery shows <paramref name="status"/>, as the page refreshes itself.</summary>
    public async Task AssertNewestDeliveryAsync(string type, string status, string? lastHttp = null)
    {
        var row = DeliveryRows.First;
        await Expect(row.GetByTestId("delivery-type")).ToHaveTextAsync(type);
        await Expect(row.GetByTestId("delivery-status")).ToHaveTextAsync(status, Background);
        if (lastHttp is not null)
        {
            await Expect(row.GetByTestId("delivery-http")).ToHaveTextAsync(lastHttp);
        }
    }

    /// <summary>Expands a delivery row to its attempts log (with the grid's own expand arrow).</summary>
    public async Task ShowAttemptsAsync(ILocator row)
    {
        await row.Locator(".rz-row-toggler").ClickAsync();
        await Expect(AttemptsLog).ToBeVisibleAsync();
    }

    public async Task RetryAsync(ILocator row) => await row.GetByTestId("delivery-retry").ClickAsync();

    /// <summary>"Retry all failed since…" with the time the page suggests (a day back).</summary>
    public async Task RetryFailedSinceAsync() => await page.GetByTestId("retry-failed-since").ClickAsync();

    public async Task FilterDeliveriesAsync(string status) =>
        await page.GetByTestId("delivery-status-filter").GetByText(status, new LocatorGetByTextOptions { Exact = true }).ClickAsync();

    /// <summary>A notification the page raised, found by its text.</summary>
    public ILocator Notification(string text) => page.Locator(".rz-notification-item").Filter(new LocatorFilterOptions { HasText = text });
}
