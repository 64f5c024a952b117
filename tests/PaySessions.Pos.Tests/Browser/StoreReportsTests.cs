using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// The owner's dashboard and end-of-day report in Chromium, over sales paid on the app's own dev chain: a cashier's
/// sales and an integration's, the printable page, the CSV, and a cashier kept out of all three.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StoreReportsTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Wallet = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
    private const string Cashier = "till";
    private const string Manager = "floor-manager";

    private TestPos _pos = null!;
    private Guid _storeId;
    private Payment _tillPaid = null!;
    private Payment _apiPaid = null!;
    private Payment _tillShort = null!;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(TestPos.WithDevChain);
        await using (var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            _storeId = await db.Memberships.Where(m => m.Role == StoreRole.Owner).Select(m => m.MerchantId).SingleAsync();
        }

        Assert.True((await _pos.Get<ReceivingWallets>().SetAsync(_storeId, "polygon", Wallet, ["USDC", "USDT"])).Ok);
        await _pos.AddUserAsync(_storeId, Cashier, TestPos.CashierPassword, StoreRole.Cashier);
        await _pos.AddUserAsync(_storeId, Manager, TestPos.CashierPassword, StoreRole.Manager);
        var till = await UserIdAsync(Cashier);

        // The till sells a 12.50 coffee (paid) and a 3.00 one paid short; the web shop sells 5.00 over the API (paid).
        _tillPaid = await SellAsync(12.50m, "USDC", till);
        _tillShort = await SellAsync(3m, "USDC", till);
        _apiPaid = await SellAsync(5m, "USDT", cashier: null);
        await PayInFullAsync(_tillPaid);
        await PayInFullAsync(_apiPaid);
        await _pos.PayAsync(_tillShort.TokenContract, Wallet, 2_800_000);
        await _pos.MineAsync(2);
        await Eventually.Async(async () => (await _pos.Get<SessionService>().FindPaymentAsync(_tillShort.Id, _storeId))?.ExceptionStatus == PaymentException.Underpaid);
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    private DateOnly Today => DateOnly.FromDateTime(_pos.Time.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task the_owner_sees_today_and_the_week_with_a_chart_and_closes_the_day_with_a_printable_report_and_its_csv()
    {
        await using var office = await browser.TerminalAsync();
        // Headless Chromium has no print dialog: count the calls instead.
        await office.AddInitScriptAsync("window.__printed = 0; window.print = () => { window.__printed++; };");
        var page = await office.NewPageAsync();
        await Owner.SignInAsync(page, _pos.BaseUrl, "/admin");
        var dashboard = new DashboardPage(page);

        await dashboard.AssertCardAsync("today", sales: 3, paid: 2, share: "67%", total: "17.50 USD");
        await dashboard.AssertCardAsync("week", sales: 3, paid: 2, share: "67%", total: "17.50 USD");
        await Expect(dashboard.Received("today", "USDC")).ToHaveTextAsync($"{TokenAmount.Format(_tillPaid.Amount, 6)} USDC");
        await Expect(dashboard.Received("today", "USDT")).ToHaveTextAsync($"{TokenAmount.Format(_apiPaid.Amount, 6)} USDT");
        await Expect(dashboard.Figure("today", "refunds")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("dashboard-basis")).ToContainTextAsync("times in UTC");
        await Expect(dashboard.Chart.Locator("svg")).ToBeVisibleAsync();
        await Expect(dashboard.Chart.Locator(".rz-column-series path")).ToHaveCountAsync(7);
        await Expect(dashboard.Day(Today)).ToContainTextAsync("17.50 USD");
        await Expect(dashboard.Day(Today.AddDays(-1))).ToContainTextAsync("0.00 USD");
        await Expect(page.GetByTestId("nav-dashboard")).ToBeVisibleAsync();
        await new BackOfficePage(page, _pos.BaseUrl).ScreenshotAsync("dashboard");

        await page.GetByTestId("nav-end-of-day").ClickAsync();
        await page.WaitForURLAsync($"{_pos.BaseUrl}/admin/end-of-day");
        var report = new EndOfDayPage(page);
        await Expect(page.GetByTestId("eod-day")).ToHaveTextAsync(Today.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture));
        await Expect(report.StoreFigure("sales")).ToHaveTextAsync("3");
        await Expect(report.StoreFigure("total")).ToHaveTextAsync("17.50 USD");
        var till = report.Cashier(Cashier);
        await Expect(till.GetByTestId("cashier-sales")).ToHaveTextAsync("2");
        await Expect(till.GetByTestId("cashier-paid")).ToHaveTextAsync("1 (50%)");
        await Expect(till.GetByTestId("cashier-total")).ToHaveTextAsync("12.50 USD");
        await Expect(till.GetByTestId("token-total")).ToHaveTextAsync($"{TokenAmount.Format(_tillPaid.Amount, 6)} USDC");
        await Expect(report.Cashier("API sales (no cashier)").GetByTestId("cashier-total")).ToHaveTextAsync("5.00 USD");
        await Expect(till.GetByTestId("cashier-unresolved")).ToHaveTextAsync("1");
        await Expect(report.StoreFigure("unresolved")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("unresolved-reason")).ToHaveTextAsync(["Underpaid"]);
        await Expect(page.GetByTestId("eod-unresolved")).ToContainTextAsync($"2.8 of {TokenAmount.Format(_tillShort.Amount, 6)} USDC");
        await page.GetByTestId("eod-print").ClickAsync();
        await Eventually.Async(async () => await page.EvaluateAsync<int>("() => window.__printed") == 1);
        await new BackOfficePage(page, _pos.BaseUrl).ScreenshotAsync("end-of-day");

        // On paper the controls and the top bar go; the figures stay.
        await page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Print });
        await Expect(page.GetByTestId("eod-csv")).ToBeHiddenAsync();
        await Expect(page.Locator(".topbar")).ToBeHiddenAsync();
        await Expect(report.StoreFigure("total")).ToBeVisibleAsync();
        await new BackOfficePage(page, _pos.BaseUrl).ScreenshotAsync("end-of-day-print");
        await page.EmulateMediaAsync(new() { Media = Microsoft.Playwright.Media.Screen });

        var (name, csv) = await report.DownloadCsvAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var day = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal($"end-of-day-{day}.csv", name);
        Assert.Equal("date,timeZone,store,scope,cashier,figure,asset,network,amount,currency,sessionId,detail", lines[0]);
        Assert.Contains($"{day},UTC,Owner's First Store,store,,sales,,,3,,,", lines);
        Assert.Contains($"{day},UTC,Owner's First Store,store,,paidInStoreCurrency,,,17.50,USD,,", lines);
        Assert.Contains($"{day},UTC,Owner's First Store,store,,received,USDC,polygon,{TokenAmount.Format(_tillPaid.Amount, 6)},,,", lines);
        Assert.Contains($"{day},UTC,Owner's First Store,cashier,{Cashier},sales,,,2,,,", lines);
        Assert.Contains($"{day},UTC,Owner's First Store,cashier,{Cashier},paid,,,1,,,", lines);
        Assert.Contains($"{day},UTC,Owner's First Store,cashier,API sales (no cashier),received,USDT,polygon,{TokenAmount.Format(_apiPaid.Amount, 6)},,,", lines);
        Assert.Contains(
            $"{day},UTC,Owner's First Store,cashier,{Cashier},unresolvedPayment,USDC,polygon,2.8,,{_tillShort.SessionId},Underpaid: 2.8 of {TokenAmount.Format(_tillShort.Amount, 6)} USDC",
            lines);

        // Another day, picked in the date picker: nothing was sold then.
        await report.PickDayAsync(Today.AddDays(-1));
        await Expect(report.StoreFigure("sales")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("eod-cashiers")).ToContainTextAsync("No sales on this day.");
    }

    [Fact]
    public async Task a_cashier_is_refused_the_dashboard_the_end_of_day_page_and_its_csv_and_a_manager_is_not()
    {
        await using var counter = await browser.TerminalAsync();
        var desk = await BackOfficePage.OpenAsync(counter, _pos.BaseUrl);
        await desk.SignInAsync(Cashier, TestPos.CashierPassword, "/pos");
        await desk.Page.WaitForURLAsync($"{_pos.BaseUrl}/pos");
        await CashierPage.WaitInteractiveAsync(desk.Page);
        await Expect(desk.Page.GetByTestId("nav-dashboard")).ToHaveCountAsync(0);
        await Expect(desk.Page.GetByTestId("nav-end-of-day")).ToHaveCountAsync(0);

        foreach (var path in new[] { "/admin", "/admin/dashboard", "/admin/end-of-day", $"/admin/end-of-day.csv?date={Today:yyyy-MM-dd}" })
        {
            await desk.AssertDeniedAsync(path);
        }

        using var cashier = await SignedInClient.SignInAsync(_pos, Cashier, TestPos.CashierPassword);
        using var refused = await cashier.GetAsync("/admin/end-of-day.csv");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/denied", refused.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        Assert.DoesNotContain("text/csv", refused.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);

        using var anonymous = SignedInClient.Anonymous(_pos);
        using var stranger = await anonymous.GetAsync("/admin/end-of-day.csv");
        Assert.StartsWith("/login", stranger.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);

        using var manager = await SignedInClient.SignInAsync(_pos, Manager, TestPos.CashierPassword);
        using var allowed = await manager.GetAsync("/admin/end-of-day.csv");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("text/csv", allowed.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("date,timeZone,store,", (await allowed.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
        using var badDay = await manager.GetAsync("/admin/end-of-day.csv?date=21/11/2026");
        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
    }

    private async Task<Guid> UserIdAsync(string userName)
    {
        await using var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }

    private async Task<Payment> SellAsync(decimal amount, string asset, Guid? cashier)
    {
        var sessions = _pos.Get<SessionService>();
        var sale = await sessions.CreateAsync(new MerchantCaller(_storeId, ApiKeyKind.Secret, cashier), new CreateSessionRequest(Amount: amount, AmountCurrency: "USD"));
        Assert.True(sale.Ok, sale.Error?.Message);
        var picked = await sessions.PickAsync(sale.Value.Id, _storeId, asset, "polygon");
        Assert.True(picked.Ok, picked.Error?.Message);
        return picked.Value;
    }

    /// <summary>The demo customer pays exactly on the dev chain; three blocks later the monitor has settled it.</summary>
    private async Task PayInFullAsync(Payment payment)
    {
        await _pos.PayAsync(payment.TokenContract, Wallet, payment.Amount);
        await _pos.MineAsync(2);
        await Eventually.Async(async () => (await _pos.Get<SessionService>().FindPaymentAsync(payment.Id, _storeId))?.Status == PaymentStatus.Succeeded);
    }
}

internal static class LocationExtensions
{
    /// <summary>The path and query of a Location header, whether the server wrote it absolute or relative.</summary>
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
