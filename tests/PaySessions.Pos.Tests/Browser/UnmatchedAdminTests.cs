using System.Numerics;
using PaySessions.Core.DevChain;
using PaySessions.Core.Payments;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>Transfers to the store's wallet that paid no sale, sorted out in the back office: attached to a sale, or set aside.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UnmatchedAdminTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestPos _pos = null!;
    private StoreSales _sales = null!;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(StoreSales.Settings);
        _sales = await StoreSales.OfOwnerAsync(_pos);
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task an_owner_attaches_a_stray_transfer_to_the_sale_it_was_for_which_then_shows_paid_and_sets_another_aside_with_a_note()
    {
        await _pos.FirstLookAsync();
        var stray = await _pos.PayAsync(TestNetworks.Usdc, StoreSales.Wallet, new BigInteger(11_000_000));
        var test = await _pos.PayAsync(TestNetworks.Usdc, StoreSales.Wallet, new BigInteger(1_000_000));
        await Eventually.Async(async () => Assert.Equal(2, (await _pos.Get<UnmatchedTransfers>().ListAsync(_sales.StoreId)).Count));
        var (sale, _) = await _sales.OpenAsync(10m);
        var (notChosen, _) = await _sales.OpenAsync(4m);
        await _pos.Get<Core.Sessions.SessionService>().CancelAsync(notChosen.Id, _sales.StoreId);
        await using var context = await browser.TerminalAsync();
        var unmatched = await UnmatchedPage.OpenAsOwnerAsync(context, _pos.BaseUrl);

        var row = unmatched.Row(stray.TxHash);
        await Expect(row.GetByTestId("transfer-amount")).ToHaveTextAsync("11");
        await Expect(row.GetByTestId("transfer-asset")).ToHaveTextAsync("USDC");
        await Expect(row.GetByTestId("transfer-network")).ToHaveTextAsync("Polygon");
        await Expect(row.GetByTestId("transfer-from")).ToHaveAttributeAsync("title", DemoCustomer.Address);
        await Expect(row.GetByTestId("transfer-tx")).ToHaveAttributeAsync("href", $"{StoreSales.Explorer}/tx/{stray.TxHash}");
        await Expect(row.GetByTestId("transfer-tx")).ToHaveAttributeAsync("target", "_blank");
        await Expect(row.GetByTestId("transfer-tx")).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(unmatched.Row(test.TxHash).GetByTestId("transfer-amount")).ToHaveTextAsync("1");

        await unmatched.AttachAsync(stray.TxHash, "not a sale");
        await Expect(unmatched.SessionError).ToContainTextAsync("Paste the sale's id");
        await unmatched.AttachAsync(stray.TxHash, notChosen.Id.ToString());
        await Expect(unmatched.SessionError).ToContainTextAsync("Only an open, expired or underpaid payment can take a transfer.");
        await unmatched.AttachAsync(stray.TxHash, sale.Id.ToString());

        await Expect(unmatched.Page.GetByTestId("attach-form")).ToHaveCountAsync(0);
        await Expect(row).ToHaveCountAsync(0);
        await _pos.MineAsync(3);
        var details = new SessionDetailsPage(unmatched.Page);
        await new BackOfficePage(unmatched.Page, _pos.BaseUrl).GoAsync(SessionDetailsPage.PathOf(sale.Id));
        await Expect(details.Page.GetByTestId("session-status")).ToHaveTextAsync("Paid", new() { Timeout = 15_000 });
        await Expect(details.Payment.GetByTestId("payment-paid")).ToHaveTextAsync("11 USDC");

        await new BackOfficePage(unmatched.Page, _pos.BaseUrl).GoAsync(UnmatchedPage.Path);
        await unmatched.SetAsideAsync(test.TxHash, "   ");
        await Expect(unmatched.NoteError).ToContainTextAsync("Say why");
        await unmatched.SetAsideAsync(test.TxHash, "owner's test transfer");

        await Expect(unmatched.Row(test.TxHash)).ToHaveCountAsync(0);
        await Expect(unmatched.Grid).ToContainTextAsync("Nothing to sort out");
        await unmatched.ShowSetAsideAsync();
        await Expect(unmatched.Row(test.TxHash).GetByTestId("transfer-status")).ToHaveTextAsync("Set aside", new() { IgnoreCase = true });
        await Expect(unmatched.Row(test.TxHash).GetByTestId("transfer-note")).ToHaveTextAsync("owner's test transfer");
        await Expect(unmatched.Row(stray.TxHash)).ToHaveCountAsync(0);
        await new BackOfficePage(unmatched.Page, _pos.BaseUrl).ScreenshotAsync("unmatched-set-aside");
    }

    [Fact]
    public async Task a_cashier_is_denied_the_unmatched_transfers_and_a_manager_finds_them_in_the_nav()
    {
        await _pos.AddUserAsync(_sales.StoreId, "till", TestPos.CashierPassword, StoreRole.Cashier);
        await _pos.AddUserAsync(_sales.StoreId, "floor-manager", TestPos.CashierPassword, StoreRole.Manager);
        await _pos.FirstLookAsync();
        await _pos.PayAsync(TestNetworks.Usdc, StoreSales.Wallet, new BigInteger(5_000_000));
        await Eventually.Async(async () => Assert.Single(await _pos.Get<UnmatchedTransfers>().ListAsync(_sales.StoreId)));
        await using var context = await browser.TerminalAsync();
        var desk = await BackOfficePage.OpenAsync(context, _pos.BaseUrl);

        await desk.SignInAsync("till", TestPos.CashierPassword, UnmatchedPage.Path);

        await Expect(desk.Page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(desk.Page.GetByTestId("unmatched-page")).ToHaveCountAsync(0);
        await Expect(desk.Page.GetByTestId("nav-unmatched")).ToHaveCountAsync(0);

        await desk.SignOutAsync();
        await desk.SignInAsync("floor-manager", TestPos.CashierPassword, "/pos");
        await desk.Page.WaitForURLAsync(_pos.BaseUrl + "/pos");
        await CashierPage.WaitInteractiveAsync(desk.Page);
        await desk.Page.GetByTestId("nav-unmatched").ClickAsync();
        await Expect(desk.Page.GetByTestId("unmatched-grid").GetByTestId("transfer-amount")).ToHaveTextAsync("5");
    }
}
