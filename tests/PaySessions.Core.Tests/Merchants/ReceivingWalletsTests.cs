using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Merchants;

/// <summary>Receiving wallets per network, on a real SQLite file: EIP-55 checks, assets from the catalog, open payments untouched.</summary>
public sealed class ReceivingWalletsTests : IAsyncLifetime
{
    private const string Checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    private const string WrongChecksum = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD";

    private CoreHarness _core = null!;

    private ReceivingWallets Wallets => _core.Get<ReceivingWallets>();

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task a_lowercase_address_is_accepted_stored_lowercase_and_shown_checksummed()
    {
        var store = await _core.NewMerchantAsync();

        var saved = await Wallets.SetAsync(store.MerchantId, "Polygon", " " + Checksummed.ToLowerInvariant() + " ", ["usdc", "EURC", "USDC"]);

        Assert.True(saved.Ok, saved.Error?.Message);
        Assert.Equal(("polygon", Checksummed), (saved.Value.Network, saved.Value.Address));
        Assert.Equal(new[] { "EURC", "USDC" }, saved.Value.Assets);
        var listed = Assert.Single(await Wallets.ListAsync(store.MerchantId));
        Assert.Equal(Checksummed, listed.Address);
        Assert.Equal(new[] { "EURC", "USDC" }, listed.Assets);
        Assert.Equal(Checksummed.ToLowerInvariant(), (await _core.Get<MerchantRegistry>().FindAsync(store.MerchantId))!.WalletFor("polygon")!.Address);
    }

    [Fact]
    public async Task a_mixed_case_address_with_a_wrong_checksum_is_refused_with_a_clear_message_and_nothing_changes()
    {
        var store = await _core.NewMerchantAsync();

        var refused = await Wallets.SetAsync(store.MerchantId, "polygon", WrongChecksum, ["USDC"]);

        Assert.Equal(ErrorCodes.AddressChecksumMismatch, refused.Error?.Code);
        Assert.StartsWith("Checksum mismatch", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("EIP-55", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Error.Message, refused.Error.Fields!["address"].Single());
        Assert.Equal(CoreHarness.MerchantWallet, (await Wallets.ListAsync(store.MerchantId)).Single().Address.ToLowerInvariant());
    }

    [Theory]
    [InlineData("", "Enter the wallet's receiving address")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", "starts with 0x")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "this one has 38")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeo", "'o' is not one of them")]
    [InlineData("0x0000000000000000000000000000000000000000", "zero address")]
    [InlineData(TestNetworks.Usdc, "USDC token contract on Polygon")]
    public async Task an_address_that_cannot_receive_is_refused_saying_why(string address, string reason)
    {
        var store = await _core.NewMerchantAsync();

        var refused = await Wallets.SetAsync(store.MerchantId, "polygon", address, ["USDC"]);

        Assert.Equal(ErrorCodes.InvalidAddress, refused.Error?.Code);
        Assert.Contains(reason, refused.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(CoreHarness.MerchantWallet, (await Wallets.ListAsync(store.MerchantId)).Single().Address.ToLowerInvariant());
    }

    [Fact]
    public async Task assets_must_exist_on_that_network_and_at_least_one_is_needed()
    {
        var store = await _core.NewMerchantAsync(assets: ["USDC"]);

        var unknown = await Wallets.SetAsync(store.MerchantId, "polygon", Checksummed, ["USDC", "DAI"]);
        var none = await Wallets.SetAsync(store.MerchantId, "polygon", Checksummed, []);

        Assert.Equal(ErrorCodes.UnsupportedAsset, unknown.Error?.Code);
        Assert.Contains("DAI is not an asset of Polygon", unknown.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.ValidationFailed, none.Error?.Code);
        Assert.Contains("assets", none.Error!.Fields!.Keys);
        Assert.Equal(new[] { "USDC" }, (await Wallets.ListAsync(store.MerchantId)).Single().Assets);
    }

    [Fact]
    public async Task a_network_outside_the_catalog_is_refused()
    {
        var store = await _core.NewMerchantAsync();

        var set = await Wallets.SetAsync(store.MerchantId, "solana", Checksummed, ["USDC"]);
        var removed = await Wallets.RemoveAsync(store.MerchantId, "solana");

        Assert.Equal(ErrorCodes.UnknownNetwork, set.Error?.Code);
        Assert.Equal(ErrorCodes.UnknownNetwork, removed.Error?.Code);
    }

    [Fact]
    public async Task changing_the_wallet_leaves_an_open_payment_alone_and_the_next_payment_uses_the_new_wallet()
    {
        var store = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var open = await PickAsync(sessions, store, 12.34m);
        var notYetPicked = (await sessions.CreateAsync(store, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;

        Assert.True((await Wallets.SetAsync(store.MerchantId, "polygon", Checksummed, ["USDC"])).Ok);

        var after = (await sessions.FindPaymentAsync(open.Id, store.MerchantId))!;
        Assert.Equal(CoreHarness.MerchantWallet, after.Recipient);
        Assert.Equal((open.Amount, open.Status, open.TokenContract, open.HoldsAmount), (after.Amount, after.Status, after.TokenContract, after.HoldsAmount));
        Assert.Equal(open.Recipient, (await sessions.ViewAsync(open.SessionId, store.MerchantId))!.Transaction!.Recipient);

        var next = await PickAsync(sessions, store, 12.34m);
        var pickedLater = (await sessions.PickAsync(notYetPicked.Id, store.MerchantId, "USDC", "polygon")).Value!;
        Assert.Equal(Checksummed.ToLowerInvariant(), next.Recipient);
        Assert.Equal(Checksummed.ToLowerInvariant(), pickedLater.Recipient);
    }

    [Fact]
    public async Task removing_the_wallet_stops_new_sales_on_that_network_but_not_an_open_payment()
    {
        var store = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var open = await PickAsync(sessions, store, 8m);

        Assert.True((await Wallets.RemoveAsync(store.MerchantId, "polygon")).Ok);

        Assert.Empty(await Wallets.ListAsync(store.MerchantId));
        Assert.Equal(ErrorCodes.NotFound, (await Wallets.RemoveAsync(store.MerchantId, "polygon")).Error?.Code);
        var refused = await sessions.CreateAsync(store, new CreateSessionRequest(Amount: 8m, AmountCurrency: "USD"));
        Assert.Equal(ErrorCodes.UnsupportedCurrency, refused.Error?.Code);
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var kept = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == open.Id);
        Assert.Equal((CoreHarness.MerchantWallet, true), (kept.Recipient, kept.HoldsAmount));
    }

    private static async Task<PaySessions.Core.Payments.Payment> PickAsync(SessionService sessions, MerchantCaller store, decimal amount)
    {
        var session = (await sessions.CreateAsync(store, new CreateSessionRequest(Amount: amount, AmountCurrency: "USD"))).Value!;
        var picked = await sessions.PickAsync(session.Id, store.MerchantId, "USDC", "polygon");
        Assert.True(picked.Ok, picked.Error?.Message);
        return picked.Value;
    }
}
