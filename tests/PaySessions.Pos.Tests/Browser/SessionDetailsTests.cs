using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.DevChain;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>A sale's details and timeline in the back office, on the app's dev chain with Polygon's explorer configured.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionDetailsTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Explorer = "https://polygonscan.example";
    private const string Wallet = "0xa0ee7a142d267c1f36714e4a8f75612f20a79720";
    private TestPos _pos = null!;
    private Guid _store;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(new Dictionary<string, string?>(TestPos.WithDevChain) { ["Networks:polygon:Explorer"] = Explorer });
        await using var scope = _pos.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByNameAsync(TestPos.OwnerEmail);
        _store = owner!.CurrentStoreId!.Value;
        Assert.True((await _pos.Get<ReceivingWallets>().SetAsync(_store, "polygon", Wallet, ["USDC"])).Ok);
    }

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task an_owner_watches_a_sale_from_created_to_paid_with_the_explorer_link_and_the_payer()
    {
        var (session, payment) = await SaleAsync(_store);
        await using var context = await browser.TerminalAsync();
        var details = await SessionDetailsPage.OpenAsOwnerAsync(context, _pos.BaseUrl, session.Id);
        await Expect(details.Lines).ToHaveTextAsync([new Regex("^Session created for 7.50 USD$"), new Regex("^Customer chose USDC on Polygon — 7.5\\d* USDC at 1 USD$")]);

        var receipt = await _pos.PayAsync(TestNetworks.Usdc, Wallet, payment.Amount);

        await Expect(details.Lines.Nth(2)).ToHaveTextAsync(new Regex($"^Transfer seen: {Regex.Escape(receipt.TxHash[..6])}…"));
        await _pos.MineAsync(2);
        await details.AssertPaidAsync();
        Assert.Equal(["Created", "AssetChosen", "TransferSeen", "Confirmation", "Paid"], await details.StepsAsync());
        await Expect(details.Lines).ToContainTextAsync(["Confirmation 3 of 3"]);
        var link = details.TimelineTxLink;
        await Expect(link).ToHaveAttributeAsync("href", $"{Explorer}/tx/{receipt.TxHash}");
        await Expect(link).ToHaveAttributeAsync("target", "_blank");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(details.Payment.GetByTestId("payment-payer")).ToHaveTextAsync(new Regex($"^{DemoCustomer.Address}$", RegexOptions.IgnoreCase));
        await Expect(details.Payment.GetByTestId("payment-tx-link")).ToHaveAttributeAsync("href", $"{Explorer}/tx/{receipt.TxHash}");
        await Expect(details.Payment.GetByTestId("payment-rate")).ToHaveTextAsync("1 USDC = 1 USD");
        await Expect(details.Page.GetByTestId("session-status")).ToHaveTextAsync("Paid");
        await new BackOfficePage(details.Page, _pos.BaseUrl).ScreenshotAsync("session-details");
    }

    [Fact]
    public async Task a_cashier_is_turned_away_from_a_sales_details()
    {
        await _pos.AddUserAsync(_store, "till", TestPos.CashierPassword, StoreRole.Cashier);
        var (session, _) = await SaleAsync(_store);
        await using var context = await browser.TerminalAsync();
        var desk = await BackOfficePage.OpenAsync(context, _pos.BaseUrl);

        await desk.SignInAsync("till", TestPos.CashierPassword, SessionDetailsPage.PathOf(session.Id));

        await Expect(desk.Page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(desk.Page.GetByTestId("session-details")).ToHaveCountAsync(0);
        Assert.DoesNotContain("7.50", await desk.Page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task another_stores_sale_is_not_found_and_nothing_of_it_shows()
    {
        var (other, _) = await _pos.NewMerchantAsync("Other Shop", "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f");
        var (session, _) = await SaleAsync(other.Id);
        await using var context = await browser.TerminalAsync();

        var details = await SessionDetailsPage.OpenAsOwnerAsync(context, _pos.BaseUrl, session.Id);

        await Expect(details.NotFound).ToBeVisibleAsync();
        await Expect(details.Details).ToHaveCountAsync(0);
        var html = await details.Page.ContentAsync();
        Assert.DoesNotContain("Other Shop", html, StringComparison.Ordinal);
        Assert.DoesNotContain("7.50", html, StringComparison.Ordinal);
        var again = await details.Page.GotoAsync(_pos.BaseUrl + SessionDetailsPage.PathOf(session.Id));
        Assert.Equal(404, again!.Status);
    }

    private async Task<(PaySession Session, Payment Payment)> SaleAsync(Guid storeId)
    {
        var sessions = _pos.Get<SessionService>();
        var session = (await sessions.CreateAsync(new MerchantCaller(storeId, ApiKeyKind.Secret), new CreateSessionRequest(Amount: 7.5m, AmountCurrency: "USD"))).Value!;
        return (session, (await sessions.PickAsync(session.Id, storeId, "USDC", "polygon")).Value!);
    }
}
