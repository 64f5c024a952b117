using System.Numerics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PaySessions.Core.Chain;
using PaySessions.Core.DevChain;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Hosting;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// The payer's wallet page (<c>/wallet</c>) against payees using the voucher API: who is asking is shown (a store by its
/// verified name, anyone else as an unverified payee), and a CUSTOM voucher's transaction is sent by the payer's browser
/// wallet exactly as the payee asked, on the dev chain.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VoucherWalletTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Spender = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(TestPos.WithDevChain);

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task the_wallet_names_a_verified_store_and_warns_about_a_payee_who_only_knows_the_code()
    {
        var (_, keys) = await _pos.NewMerchantAsync("Corner Bakery");
        await using var phone = await browser.PhoneAsync();
        var (wallet, code) = await OpenWalletAsync(phone);

        var store = await _pos.SignInPayeeAsync(keys.ApiKey, code);
        var storeSession = (await store.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString();
        var stranger = await _pos.SignInUnverifiedPayeeAsync(code);
        var strangerSession = (await stranger.PostAsync("/api/v1/vouchers/sessions/session-open", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString();

        var verified = wallet.Locator($"[data-session='{storeSession}']");
        await Expect(verified.GetByTestId("payee-verified")).ToBeVisibleAsync();
        await Expect(verified.GetByTestId("payee-name")).ToHaveTextAsync("Corner Bakery");
        await Expect(verified.GetByTestId("payee-verified")).ToContainTextAsync("Verified store");
        await Expect(verified.GetByTestId("payee-unverified")).ToHaveCountAsync(0);

        var unverified = wallet.Locator($"[data-session='{strangerSession}']");
        await Expect(unverified.GetByTestId("payee-unverified")).ToBeVisibleAsync();
        await Expect(unverified.GetByTestId("payee-name")).ToHaveTextAsync("Unverified payee");
        await Expect(unverified.GetByTestId("payee-unverified")).ToContainTextAsync("no store vouches for them");
        await Expect(unverified.GetByTestId("payee-verified")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task the_payers_browser_wallet_sends_a_custom_vouchers_transaction_and_the_voucher_resolves()
    {
        var (_, keys) = await _pos.NewMerchantAsync("Contract Shop");
        await using var phone = await browser.PhoneAsync();
        var (wallet, code) = await OpenWalletAsync(phone);

        // The page named the browser wallet's account as the context's payer: only it may send the voucher's transaction.
        await using (var db = await _pos.Services.GetRequiredService<IDbContextFactory<PayDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal([DemoCustomer.Address], (await db.VoucherContexts.SingleAsync(c => c.Code == code)).Payers);
        }

        var payee = await _pos.SignInPayeeAsync(keys.ApiKey, code);
        var id = (await payee.PostAsync("/api/v1/vouchers/reserve-voucher", $$"""{ "code": "{{code}}" }""")).GetProperty("id").GetString()!;
        var data = Abi.Call("approve(address,uint256)", AbiArg.Address(Spender), AbiArg.Uint(7_500_000));
        await payee.PostAsync($"/api/v1/vouchers/{id}/redeem-voucher", $$"""
            {
                "networks": [ { "network": "polygon", "type": "evm", "chainId": "137" } ],
                "payments": [ { "type": "send_transaction", "input": { "from": "{payer}", "to": "{{TestNetworks.Usdc}}", "value": "0", "data": "{{data}}" } } ]
            }
            """);

        // A voucher outside any session appears on its own, under the store that asked.
        var card = wallet.GetByTestId("wallet-standalone").GetByTestId("wallet-voucher");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(wallet.GetByTestId("wallet-standalone").GetByTestId("payee-name")).ToHaveTextAsync("Contract Shop");
        await Expect(card.GetByTestId("voucher-call-to")).ToHaveTextAsync(TestNetworks.Usdc);
        await Expect(card.GetByTestId("voucher-status")).ToHaveTextAsync("To pay");

        await card.GetByTestId("voucher-send-transaction").ClickAsync();

        await Expect(card.GetByTestId("voucher-status")).ToHaveTextAsync("Sent");
        var voucher = await payee.GetJsonAsync($"/api/v1/vouchers/{id}");
        Assert.Equal("RESOLVED", voucher.GetProperty("status").GetString());
        var txHash = voucher.Payment().GetProperty("txHash").GetString()!;
        await Expect(card.GetByTestId("voucher-call-tx")).ToContainTextAsync(txHash);
        Assert.Contains("eth_sendTransaction", await wallet.EvaluateAsync<string[]>("() => window.__walletCalls"));

        // What the chain shows is exactly the transaction asked for, from the payer.
        var sent = (await _pos.Rpc().GetTransactionAsync(txHash, CancellationToken.None))!;
        Assert.Equal((DemoCustomer.Address, TestNetworks.Usdc, data, BigInteger.Zero), (sent.From, sent.To, sent.Input, sent.Value));
        var allowance = Abi.DecodeUint(await _pos.Rpc().CallAsync(TestNetworks.Usdc,
            Abi.Call("allowance(address,address)", AbiArg.Address(DemoCustomer.Address), AbiArg.Address(Spender)), CancellationToken.None));
        Assert.Equal(new BigInteger(7_500_000), allowance);
    }

    private async Task<(IPage Wallet, string Code)> OpenWalletAsync(IBrowserContext phone)
    {
        await InjectedWallet.InstallAsync(phone, _pos.Get<DevChainInfo>().Anvil.RpcUrl, DemoCustomer.Address);
        var wallet = await phone.NewPageAsync();
        await wallet.GotoAsync($"{_pos.BaseUrl}/wallet");
        await CashierPage.WaitInteractiveAsync(wallet);
        await wallet.GetByTestId("open-context").ClickAsync();
        var code = await wallet.GetByTestId("context-code").InnerTextAsync();
        return (wallet, code);
    }
}
