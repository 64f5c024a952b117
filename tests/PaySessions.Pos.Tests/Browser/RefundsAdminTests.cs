using System.Text.RegularExpressions;
using PaySessions.Core.Chain;
using PaySessions.Core.DevChain;
using PaySessions.Core.Payments;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// An owner refunds a paid sale from its details page, signing with the store's wallet in the browser (an injected
/// wallet backed by the app's anvil node); the refund counts only once the chain shows it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RefundsAdminTests(BrowserFixture browser) : IAsyncLifetime
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
    public async Task an_owner_refunds_half_of_a_paid_sale_with_the_store_wallet_and_sees_it_confirmed_once_the_chain_shows_it()
    {
        var (session, payment) = await _sales.PaidAsync(20m);
        using var integration = await _sales.IntegrationAsync();
        var half = TokenAmount.Format(payment.Amount / 2, 6);
        await using var context = await browser.TerminalAsync();
        await InjectedWallet.InstallAsync(context, _pos.Get<DevChainInfo>().Anvil.RpcUrl, StoreSales.Wallet);
        var details = await SessionDetailsPage.OpenAsOwnerAsync(context, _pos.BaseUrl, session.Id);
        var refunds = new RefundPanelPage(details.Page);
        await Expect(refunds.Paid).ToHaveTextAsync($"{TokenAmount.Format(payment.Amount, 6)} USDC");
        await Expect(refunds.Refunded).ToHaveTextAsync("0 USDC");
        await Expect(refunds.Panel.GetByTestId("refund-payer")).ToHaveTextAsync(new Regex($"^{DemoCustomer.Address}$", RegexOptions.IgnoreCase));
        await Expect(refunds.Panel.GetByTestId("refund-store-wallet")).ToHaveTextAsync(new Regex($"^{StoreSales.Wallet}$", RegexOptions.IgnoreCase));

        await refunds.OpenDialogAsync();
        await Expect(refunds.Amount).ToHaveValueAsync(TokenAmount.Format(payment.Amount, 6));
        await refunds.HalfAsync();
        await Expect(refunds.Amount).ToHaveValueAsync(half);
        await refunds.SignAsync();

        await Expect(refunds.Waiting).ToContainTextAsync("Waiting for the chain (3 confirmations)…");
        await refunds.AssertOnlyRefundAsync("Sent");
        Assert.Contains("eth_sendTransaction", await refunds.WalletCallsAsync());
        await Expect(refunds.Refunded).ToHaveTextAsync("0 USDC"); // sent is not refunded until the chain says so
        Assert.Equal("0", await RefundedAmountAsync(integration, payment));

        await _pos.MineAsync(3);

        await refunds.AssertOnlyRefundAsync("Confirmed");
        await Expect(refunds.Refunded).ToHaveTextAsync($"{half} USDC");
        await Expect(refunds.Available).ToHaveTextAsync($"{TokenAmount.Format(payment.Amount - payment.Amount / 2, 6)} USDC");
        await Expect(refunds.Waiting).ToHaveCountAsync(0);
        Assert.Equal(half, await RefundedAmountAsync(integration, payment));
        var sent = Assert.Single(await _pos.Get<Refunds>().ForSessionAsync(_sales.StoreId, session.Id));
        var link = refunds.Rows.GetByTestId("refund-tx");
        await Expect(link).ToHaveAttributeAsync("href", $"{StoreSales.Explorer}/tx/{sent.TxHash}");
        await Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await new BackOfficePage(details.Page, _pos.BaseUrl).ScreenshotAsync("refund-confirmed");
    }

    [Fact]
    public async Task a_wallet_on_another_account_or_no_wallet_at_all_is_refused_clearly_and_nothing_is_recorded()
    {
        var (session, payment) = await _sales.PaidAsync(8m);
        using var integration = await _sales.IntegrationAsync();
        await using var customersBrowser = await browser.TerminalAsync();
        await InjectedWallet.InstallAsync(customersBrowser, _pos.Get<DevChainInfo>().Anvil.RpcUrl, DemoCustomer.Address);
        var refunds = new RefundPanelPage((await SessionDetailsPage.OpenAsOwnerAsync(customersBrowser, _pos.BaseUrl, session.Id)).Page);

        await refunds.OpenDialogAsync();
        await refunds.SignAsync();

        await Expect(refunds.WalletError).ToContainTextAsync($"not the store's wallet {StoreSales.Wallet}");
        await Expect(refunds.WalletError).ToContainTextAsync(DemoCustomer.Address);
        await Expect(refunds.WalletError).ToContainTextAsync("nothing was sent");
        Assert.DoesNotContain("eth_sendTransaction", await refunds.WalletCallsAsync());
        await new BackOfficePage(refunds.Page, _pos.BaseUrl).ScreenshotAsync("refund-wrong-account");

        await using var noWallet = await browser.TerminalAsync();
        var bare = new RefundPanelPage((await SessionDetailsPage.OpenAsOwnerAsync(noWallet, _pos.BaseUrl, session.Id)).Page);
        await bare.OpenDialogAsync();
        await bare.SignAsync();
        await Expect(bare.WalletError).ToContainTextAsync("No browser wallet was found");

        Assert.Empty(await _pos.Get<Refunds>().ForSessionAsync(_sales.StoreId, session.Id));
        Assert.Equal("0", await RefundedAmountAsync(integration, payment));
        await bare.Page.GetByTestId("refund-cancel").ClickAsync();
        await Expect(bare.Rows).ToHaveCountAsync(0);
        await Expect(bare.Available).ToHaveTextAsync($"{TokenAmount.Format(payment.Amount, 6)} USDC");
    }

    [Fact]
    public async Task a_refund_declined_in_the_wallet_stays_prepared_and_unsent_and_is_sent_later_from_the_list()
    {
        var (session, payment) = await _sales.PaidAsync(6m);
        using var integration = await _sales.IntegrationAsync();
        var all = TokenAmount.Format(payment.Amount, 6);
        await using var context = await browser.TerminalAsync();
        await InjectedWallet.InstallAsync(context, _pos.Get<DevChainInfo>().Anvil.RpcUrl, StoreSales.Wallet);
        await context.AddInitScriptAsync(DeclineFirstSend);
        var refunds = new RefundPanelPage((await SessionDetailsPage.OpenAsOwnerAsync(context, _pos.BaseUrl, session.Id)).Page);

        await refunds.OpenDialogAsync();
        await refunds.SignAsync();

        await Expect(refunds.WalletError).ToContainTextAsync("You declined in the wallet: nothing was sent.");
        await Expect(refunds.Page.GetByTestId("refund-prepared-note")).ToContainTextAsync($"{all} USDC is prepared and not sent");
        await refunds.Page.GetByTestId("refund-cancel").ClickAsync();
        await refunds.AssertOnlyRefundAsync("Prepared");
        await Expect(refunds.Rows.GetByTestId("refund-detail")).ToHaveTextAsync("Not sent yet: the store's wallet has not signed it.");
        await Expect(refunds.Refunded).ToHaveTextAsync("0 USDC");
        Assert.Equal("0", await RefundedAmountAsync(integration, payment));

        await refunds.Rows.GetByTestId("refund-send-prepared").ClickAsync();
        await Expect(refunds.Amount).ToBeDisabledAsync();
        await refunds.SignAsync();
        await Expect(refunds.Waiting).ToBeVisibleAsync();
        await _pos.MineAsync(3);

        await refunds.AssertOnlyRefundAsync("Confirmed");
        await Expect(refunds.Refunded).ToHaveTextAsync($"{all} USDC");
        await Expect(refunds.Available).ToHaveTextAsync("0 USDC");
        await Expect(refunds.Page.GetByTestId("refund-open")).ToBeDisabledAsync();
        Assert.Equal(all, await RefundedAmountAsync(integration, payment));
    }

    /// <summary>Laid over the injected wallet: the person declines the first transaction the page asks them to sign.</summary>
    private const string DeclineFirstSend = """
        (() => {
          const wallet = window.ethereum;
          const request = wallet.request;
          let declined = false;
          wallet.request = async (call) => {
            if (call.method === "eth_sendTransaction" && !declined) {
              declined = true;
              const e = new Error("User rejected the request.");
              e.code = 4001;
              throw e;
            }
            return request(call);
          };
        })();
        """;

    private static async Task<string> RefundedAmountAsync(HttpClient integration, Payment payment) =>
        (await (await integration.GetAsync($"/transaction/{payment.Id}")).JsonAsync()).GetProperty("refundedAmount").GetString()!;
}
