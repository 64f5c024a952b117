using System.Net;
using System.Numerics;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// A shop owner installs PaySessions in Production with nothing but a local anvil node as its RPC, and runs a day:
/// setup, the node, a wallet, a cashier, a sale paid on chain, what a cashier may not open, a key used and revoked,
/// a second store kept apart, and two-factor sign-in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RealShopTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string OwnerEmail = "owner@realshop.test";
    private const string OwnerPassword = "a sturdy passphrase";
    private const string CashierName = "till@realshop.test";
    private const string CashierPassword = "front counter phrase";
    private const string Wallet = "0x976ea74026e726554db657fa54763abd0c3a0aa9";

    /// <summary>
    /// Where a form post lands. Polled rather than awaited as a navigation: a redirect answered through Blazor's enhanced
    /// form handling is a same-document change, and waiting for its load event timed out on a busy machine.
    /// </summary>
    private static readonly PageAssertionsToHaveURLOptions LongWait = new() { Timeout = 30_000 };

    private AnvilProcess _anvil = null!;
    private TestPos _pos = null!;

    public async Task InitializeAsync()
    {
        var kit = DevChainKit.Locate();
        _anvil = await AnvilProcess.StartAsync(kit.AnvilPath, 137);
        var catalog = NetworkCatalog.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(TestNetworks.Settings).Build());
        await DevChainSeeder.SeedAsync(Anvil(), kit.TokenRuntimeCode, catalog.AssetsOn("polygon"), CancellationToken.None);
        _pos = await TestPos.StartAsync(
            new Dictionary<string, string?>(TestPos.FreshInstall)
            {
                ["Networks:polygon:RpcUrls:0"] = "",
                ["Chain:MonitorEnabled"] = "true",
                ["Chain:PollInterval"] = "00:00:00.200",
            },
            environment: "Production");
    }

    public async Task DisposeAsync()
    {
        await _pos.DisposeAsync();
        await _anvil.DisposeAsync();
    }

    private EthRpc Anvil() => new(new JsonRpcClient(
        "polygon", [new Uri(_anvil.RpcUrl)], new HttpClient(), new ChainOptions { MaxRounds = 1 }, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

    [Fact]
    public async Task an_owner_sets_up_a_shop_and_a_cashier_sells_on_chain_within_their_role()
    {
        await using var office = await browser.TerminalAsync();
        var desk = await BackOfficePage.OpenAsync(office, _pos.BaseUrl);

        // First run: every page leads to setup.
        await desk.Page.GotoAsync(_pos.BaseUrl + "/");
        await Expect(desk.Page).ToHaveURLAsync(_pos.BaseUrl + "/setup", LongWait);
        await desk.Page.GetByTestId("setup-email").FillAsync(OwnerEmail);
        await desk.Page.GetByTestId("setup-password").FillAsync(OwnerPassword);
        await desk.Page.GetByTestId("setup-store").FillAsync("Real Shop");
        await desk.ScreenshotAsync("setup");
        await desk.Page.GetByTestId("setup-submit").ClickAsync();
        await Expect(desk.Page).ToHaveURLAsync(_pos.BaseUrl + "/admin/wallets", LongWait);
        await CashierPage.WaitInteractiveAsync(desk.Page);

        // The only node this installation has: the owner tests it and saves it.
        await desk.GoAsync("/admin/installation");
        var installation = new InstallationPage(desk.Page);
        await Expect(installation.Status("polygon")).ToContainTextAsync("Not offered");
        await installation.EnterRpcUrlsAsync("polygon", _anvil.RpcUrl);
        await installation.TestAsync("polygon");
        await Expect(installation.TestResults("polygon")).ToContainTextAsync("137");
        await installation.SaveAsync("polygon");
        await Expect(installation.Status("polygon")).ToContainTextAsync("Watching", new() { Timeout = 15_000 });

        // A receiving wallet: a mixed-case address with a wrong checksum is refused; the lowercase one is saved, shown checksummed.
        await desk.GoAsync("/admin/wallets");
        var wallets = new WalletsPage(desk.Page);
        var checksummed = EvmAddress.ToChecksum(Wallet);
        await wallets.SaveAsync("polygon", BreakChecksum(checksummed));
        await Expect(wallets.Error("polygon")).ToContainTextAsync("hecksum");
        await wallets.SaveAsync("polygon", Wallet);
        await Expect(wallets.Current("polygon")).ToContainTextAsync(checksummed);
        await desk.ScreenshotAsync("wallets");

        // People: a cashier.
        await desk.GoAsync("/admin/users");
        await desk.Page.GetByTestId("add-person").ClickAsync();
        await desk.Page.GetByTestId("person-username").FillAsync(CashierName);
        await desk.Page.GetByTestId("person-password").FillAsync(CashierPassword);
        await desk.Page.GetByTestId("person-save").ClickAsync();
        await Expect(desk.Page.GetByTestId("person-name").Filter(new() { HasText = CashierName })).ToBeVisibleAsync();
        await desk.ScreenshotAsync("people");
        await desk.SignOutAsync();

        // The cashier signs in and sells; the customer pays from a wallet on the chain.
        await desk.SignInAsync(CashierName, CashierPassword, "/pos");
        await Expect(desk.Page).ToHaveURLAsync(_pos.BaseUrl + "/pos", LongWait);
        await CashierPage.WaitInteractiveAsync(desk.Page);
        var cashier = new CashierPage(desk.Page);
        await cashier.TapAmountAsync("3.5");
        await using var phone = await browser.PhoneAsync();
        var checkout = await CheckoutPage.OpenAsync(phone, await cashier.ChargeAsync());
        await checkout.PickAsync("USDC", "polygon");
        Assert.True(TokenAmount.TryParse(await checkout.TokenAmountAsync(), 6, out var amount));
        await DevChainSeeder.TransferAsync(Anvil(), DemoCustomer.Address, TestNetworks.Usdc, Wallet, amount, CancellationToken.None);
        await Expect(cashier.Page.GetByTestId("sale-confirming")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Anvil().Client.CallAsync("anvil_mine", [Hex.FromLong(3)], CancellationToken.None);
        await Expect(cashier.Status).ToHaveTextAsync("Paid", new() { Timeout = 15_000 });
        await Expect(checkout.Page.GetByTestId("checkout-paid")).ToBeVisibleAsync();
        await desk.GoAsync("/pos/today");
        await Expect(desk.Page.GetByTestId("todays-sales")).ToContainTextAsync("3.50");

        // What a cashier may not open: every owner page, and the management API without a key.
        foreach (var path in new[] { "/admin/users", "/admin/store", "/admin/wallets", "/admin/keys", "/admin/installation", "/admin/stores" })
        {
            await desk.AssertDeniedAsync(path);
        }

        using var anonymous = new HttpClient { BaseAddress = new Uri(_pos.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/accounts/{Guid.NewGuid()}/keys")).StatusCode);
        await desk.Page.GotoAsync(_pos.BaseUrl + "/pos");
        await desk.SignOutAsync();

        // The owner makes a secret key, a backend sells with it, the owner revokes it: the very next call is refused.
        await desk.SignInAsync(OwnerEmail, OwnerPassword, "/admin/keys");
        await Expect(desk.Page).ToHaveURLAsync(_pos.BaseUrl + "/admin/keys", LongWait);
        await CashierPage.WaitInteractiveAsync(desk.Page);
        var keys = new KeysPage(desk.Page);
        var secret = await keys.CreateKeyAsync("Web shop", "Secret");
        await keys.CloseIssuedAsync();
        using var backend = _pos.Client(apiKey: secret);
        var created = await backend.PostAsync("/session", Json("""{ "amount": 12.5, "amountCurrency": "USD", "referenceNumber": "order-1" }"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        await keys.RevokeAsync("Web shop");
        await keys.AssertRowAsync("Web shop", "Secret", secret[..10], "Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, (await backend.PostAsync("/session", Json("""{ "amount": 1, "amountCurrency": "USD" }"""))).StatusCode);

        // A second store is a world of its own: its key cannot see the first store's sale, nor its people.
        await desk.Page.GotoAsync(_pos.BaseUrl + "/admin/stores");
        await desk.Page.GetByTestId("new-store-name").FillAsync("Second Shop");
        await desk.Page.GetByTestId("new-store-open").ClickAsync();
        await Expect(desk.Page).ToHaveURLAsync(_pos.BaseUrl + "/admin/wallets", LongWait);
        await desk.GoAsync("/admin/users");
        await Expect(desk.Page.GetByTestId("person-name")).ToHaveCountAsync(1);
        await Expect(desk.Page.GetByTestId("person-name")).ToHaveTextAsync(OwnerEmail);
        await desk.GoAsync("/admin/keys");
        var secondKey = await new KeysPage(desk.Page).CreateKeyAsync("Second backend", "Secret");
        using var second = _pos.Client(apiKey: secondKey);
        var firstSale = new Uri(await checkout.Page.EvaluateAsync<string>("() => location.href")).Segments[^1];
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/session/{firstSale}")).StatusCode);

        // Two-factor sign-in: set up with the shared key, then asked for at the next sign-in.
        await desk.Page.GotoAsync(_pos.BaseUrl + "/account/2fa");
        var sharedKey = (await desk.Page.GetByTestId("two-factor-key").TextContentAsync())!.Trim();
        await desk.ScreenshotAsync("two-factor");
        await desk.Page.GetByTestId("two-factor-setup-code").FillAsync(Totp.Code(sharedKey, DateTimeOffset.UtcNow));
        await desk.Page.GetByTestId("two-factor-enable").ClickAsync();
        await Expect(desk.Page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await desk.Page.GotoAsync(_pos.BaseUrl + "/account");
        await desk.SignOutAsync();
        await desk.SignInAsync(OwnerEmail, OwnerPassword, "/admin/users");
        await desk.Page.WaitForURLAsync(url => url.Contains("/login/2fa", StringComparison.Ordinal));
        await desk.Page.GetByTestId("two-factor-code").FillAsync(Totp.Code(sharedKey, DateTimeOffset.UtcNow));
        await desk.Page.GetByTestId("two-factor-submit").ClickAsync();
        await Expect(desk.Page).ToHaveURLAsync(_pos.BaseUrl + "/admin/users", LongWait);
        await Expect(desk.Page.GetByTestId("people")).ToBeVisibleAsync();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>The same address with the case of one letter flipped: the checksum no longer matches.</summary>
    private static string BreakChecksum(string checksummed)
    {
        var at = checksummed.IndexOfAny("abcdefABCDEF".ToCharArray(), 2);
        var c = checksummed[at];
        return checksummed[..at] + (char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)) + checksummed[(at + 1)..];
    }
}
