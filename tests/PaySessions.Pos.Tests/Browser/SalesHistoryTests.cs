using System.Net;
using PaySessions.Core.Chain;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Hosting;
using PaySessions.Core.Merchants;
using PaySessions.Core.Sessions;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// The sales history in Chromium on the app's dev chain: an owner filters it, opens a paid sale, exports the filtered
/// CSV and refunds half with the store's browser wallet; a cashier reaches none of it; another store's sales never show.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SalesHistoryTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Cashier = "till";

    private TestPos _pos = null!;
    private StoreSales _sales = null!;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(StoreSales.Settings);
        _sales = await StoreSales.OfOwnerAsync(_pos);
        await _pos.AddUserAsync(_sales.StoreId, Cashier, TestPos.CashierPassword, StoreRole.Cashier);
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task an_owner_filters_the_history_opens_a_paid_sale_exports_the_filtered_csv_and_refunds_half_of_it()
    {
        var (paid, payment) = await _sales.PaidAsync(20m);
        var (canceled, _) = await _sales.OpenAsync(7m);
        Assert.True((await _pos.Get<SessionService>().CancelAsync(canceled.Id, _sales.StoreId)).Ok);
        var elsewhere = await OtherStoresSaleAsync();

        await using var context = await browser.TerminalAsync();
        await InjectedWallet.InstallAsync(context, _pos.Get<DevChainInfo>().Anvil.RpcUrl, StoreSales.Wallet);
        var history = await SalesHistoryPage.OpenAsOwnerAsync(context, _pos.BaseUrl);
        await Expect(history.Page.GetByTestId("nav-sales")).ToBeVisibleAsync();
        await Expect(history.Rows).ToHaveCountAsync(2);
        await Expect(history.Total).ToHaveTextAsync("2 sales");
        await Expect(history.Row(canceled.Id).GetByTestId("history-status-badge")).ToHaveTextAsync("Canceled");
        await Expect(history.Row(elsewhere)).ToHaveCountAsync(0);

        await history.FilterByStatusAsync("Paid");

        await Expect(history.Total).ToHaveTextAsync("1 sale");
        await Expect(history.Rows).ToHaveCountAsync(1);
        await Expect(history.Row(paid.Id).GetByTestId("history-status-badge")).ToHaveTextAsync("Paid");
        await Expect(history.Row(paid.Id).GetByTestId("history-amount")).ToContainTextAsync("20.00");
        await new BackOfficePage(history.Page, _pos.BaseUrl).ScreenshotAsync("sales-history-paid");

        var (name, lines) = await history.ExportAsync();
        Assert.Matches(@"^sales-\d{8}-\d{6}\.csv$", name);
        Assert.StartsWith("sessionID,createdAt,status,exceptionStatus,amount,amountCurrency,", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines[1..]).Split(',');
        Assert.Equal(paid.Id.ToString(), row[0]);
        Assert.Equal("1", row[2]);
        Assert.Equal("20", row[4]);
        Assert.Equal(TokenAmount.Format(payment.Amount, 6), row[11]);

        var details = await history.OpenAsync(paid.Id);
        await details.AssertPaidAsync();
        var refunds = new RefundPanelPage(details.Page);
        await refunds.OpenDialogAsync();
        await refunds.HalfAsync();
        await refunds.SignAsync();
        await Expect(refunds.Waiting).ToBeVisibleAsync();
        await _pos.MineAsync(3);
        await refunds.AssertOnlyRefundAsync("Confirmed");
        await Expect(refunds.Refunded).ToHaveTextAsync($"{TokenAmount.Format(payment.Amount / 2, 6)} USDC");
    }

    [Fact]
    public async Task the_filters_say_what_is_wrong_and_the_export_keeps_to_the_signed_in_store()
    {
        var (paid, _) = await _sales.PaidAsync(5m);
        var elsewhere = await OtherStoresSaleAsync();
        await using var context = await browser.TerminalAsync();
        var history = await SalesHistoryPage.OpenAsOwnerAsync(context, _pos.BaseUrl);
        await Expect(history.Rows).ToHaveCountAsync(1);

        await history.Page.GetByTestId("history-text").FillAsync("ab");
        await history.ApplyAsync();
        await Expect(history.Error).ToContainTextAsync("at least 3 characters");
        await Expect(history.Rows).ToHaveCountAsync(0);
        await Expect(history.Page.GetByTestId("history-export")).ToHaveCountAsync(0);

        await history.ClearAsync();
        await Expect(history.Error).ToHaveCountAsync(0);
        await Expect(history.Row(paid.Id)).ToHaveCountAsync(1);

        using var owner = await SignedInClient.SignInAsync(_pos, TestPos.OwnerEmail, TestPos.OwnerPassword);
        var all = await owner.GetStringAsync("/admin/sessions/export.csv");
        Assert.Contains(paid.Id.ToString(), all, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.ToString(), all, StringComparison.Ordinal);
        using var bad = await owner.GetAsync("/admin/sessions/export.csv?minAmount=9&maxAmount=3");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task a_cashier_reaches_neither_the_history_its_export_nor_a_sales_details_nor_the_api()
    {
        var (paid, _) = await _sales.OpenAsync(4m);
        await using var counter = await browser.TerminalAsync();
        var desk = await BackOfficePage.OpenAsync(counter, _pos.BaseUrl);
        await desk.SignInAsync(Cashier, TestPos.CashierPassword, "/pos");
        await desk.Page.WaitForURLAsync($"{_pos.BaseUrl}/pos");
        await CashierPage.WaitInteractiveAsync(desk.Page);
        await Expect(desk.Page.GetByTestId("nav-sales")).ToHaveCountAsync(0);

        foreach (var path in new[] { SalesHistoryPage.Path, "/admin/sessions/export.csv?status=1", SessionDetailsPage.PathOf(paid.Id) })
        {
            await desk.AssertDeniedAsync(path);
        }

        using var cashier = await SignedInClient.SignInAsync(_pos, Cashier, TestPos.CashierPassword);
        using var refused = await cashier.GetAsync("/admin/sessions/export.csv");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/denied", refused.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        using var api = await cashier.GetAsync("/sessions");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var anonymous = await _pos.Client().GetAsync("/sessions?status=1");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    /// <summary>A sale of another store on the same installation, with the same kind of amount.</summary>
    private async Task<Guid> OtherStoresSaleAsync()
    {
        var (other, _) = await _pos.NewMerchantAsync("Other Shop", "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        var sale = await _pos.Get<SessionService>().CreateAsync(new MerchantCaller(other.Id, ApiKeyKind.Secret),
            new CreateSessionRequest(Descriptor: "Other shop's sale", Amount: 20m, AmountCurrency: "USD"));
        Assert.True(sale.Ok, sale.Error?.Message);
        return sale.Value!.Id;
    }
}
