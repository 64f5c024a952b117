using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The owner's back-office pages for the store and its wallets, in Chromium against the real app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StoreAdminTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    private const string WrongChecksum = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";

    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync();

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task owner_is_refused_a_mistyped_checksum_then_saves_a_lowercase_address_shown_checksummed()
    {
        await using var context = await browser.TerminalAsync();
        var wallets = await WalletsPage.OpenAsync(context, _pos.BaseUrl);
        await Expect(wallets.State("polygon")).ToHaveTextAsync("Not receiving");

        await wallets.SaveAsync("polygon", WrongChecksum);

        await Expect(wallets.Error("polygon")).ToContainTextAsync("Checksum mismatch");
        await Expect(wallets.Error("polygon")).ToContainTextAsync("EIP-55");
        await Expect(wallets.State("polygon")).ToHaveTextAsync("Not receiving");
        Assert.Null(await SavedWalletAsync());

        await wallets.ToggleAssetAsync("polygon", "EURC");
        await wallets.SaveAsync("polygon", Checksummed.ToLowerInvariant());

        await Expect(wallets.Address("polygon")).ToHaveValueAsync(Checksummed);
        await Expect(wallets.Current("polygon")).ToContainTextAsync($"New payments go to {Checksummed} in USDC, USDT");
        await Expect(wallets.Error("polygon")).ToHaveCountAsync(0);
        await Expect(wallets.State("polygon")).ToHaveTextAsync("Receiving");
        var saved = await SavedWalletAsync();
        Assert.Equal((Checksummed.ToLowerInvariant(), "USDC,USDT"), (saved!.Address, string.Join(",", saved.Assets)));

        await wallets.Page.ReloadAsync();
        await CashierPage.WaitInteractiveAsync(wallets.Page);
        await Expect(wallets.Address("polygon")).ToHaveValueAsync(Checksummed);
    }

    [Fact]
    public async Task owner_changes_the_store_settings_and_logo_and_the_logo_is_served_to_customers()
    {
        await using var context = await browser.TerminalAsync();
        var store = await StorePage.OpenAsync(context, _pos.BaseUrl);
        var page = store.Page;
        await Expect(store.Field("store-name")).ToHaveValueAsync("Owner's First Store");

        await store.Field("store-name").FillAsync("Harbour Kiosk");
        await store.Field("store-expiration").FillAsync("20");
        await store.Field("store-monitoring").FillAsync("90");
        await store.Field("store-tolerance").FillAsync("0.5");
        await store.Field("store-save").ClickAsync();
        await Expect(page.Locator(".rz-notification-message")).ToContainTextAsync("Store saved");

        var details = await _pos.Get<StoreSettings>().ReadAsync(await OwnersStoreAsync());
        Assert.Equal(new StoreDetails("Harbour Kiosk", "USD", 20, 90, 0.005m), details);

        await store.Field("logo-file").SetInputFilesAsync(new Microsoft.Playwright.FilePayload
        {
            Name = "logo.svg",
            MimeType = "image/svg+xml",
            Buffer = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\" fill=\"teal\"/></svg>"u8.ToArray(),
        });
        var logo = store.Field("logo-preview").GetByTestId("store-logo");
        await Expect(logo).ToBeVisibleAsync();
        await Expect(logo).ToHaveAttributeAsync("alt", "Harbour Kiosk");
        Assert.True(await logo.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the uploaded logo must load in the page");

        await store.Field("logo-file").SetInputFilesAsync(new Microsoft.Playwright.FilePayload { Name = "notes.txt", MimeType = "image/png", Buffer = "hello"u8.ToArray() });
        await Expect(store.Field("logo-error")).ToContainTextAsync("PNG, JPEG, WebP or SVG");
        await Expect(logo).ToBeVisibleAsync();
    }

    private async Task<Guid> OwnersStoreAsync()
    {
        await using var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        return await db.Memberships.Where(m => m.Role == StoreRole.Owner).Select(m => m.MerchantId).SingleAsync();
    }

    private async Task<MerchantWallet?> SavedWalletAsync()
    {
        var storeId = await OwnersStoreAsync();
        await using var db = await _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        return await db.MerchantWallets.AsNoTracking().SingleOrDefaultAsync(w => w.MerchantId == storeId && w.Network == "polygon");
    }
}
