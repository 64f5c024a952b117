using System.Net.Http.Json;
using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.DevChain;
using PaySessions.Core.Events;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.BackOffice;

/// <summary>
/// The store's side of money that went astray or goes back, on the dev chain: unmatched transfers attached or set
/// aside, and refunds the store's own wallet sends, counted only once the chain shows them.
/// </summary>
public sealed class RefundsAndUnmatchedTests : IAsyncLifetime
{
    /// <summary>An anvil account: its key is the node's, so the test can send from it as the store's browser wallet would.</summary>
    private const string StoreWallet = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private TestPos _pos = null!;
    private Merchant _merchant = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(TestPos.WithDevChain);
        (_merchant, var keys) = await _pos.NewMerchantAsync("Refunding Shop", StoreWallet);
        _api = _pos.Client(apiKey: keys.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _pos.DisposeAsync();
    }

    [Fact]
    public async Task an_unmatched_transfer_is_listed_attached_by_a_manager_and_then_pays_the_session_like_any_match()
    {
        await _pos.FirstLookAsync();
        await _pos.PayAsync(TestNetworks.Usdc, StoreWallet, new BigInteger(11_000_000));
        var unmatched = _pos.Get<UnmatchedTransfers>();
        var stray = await Eventually.Async(async () => Assert.Single(await unmatched.ListAsync(_merchant.Id)));
        Assert.Equal("USDC", stray.Asset);
        Assert.Equal(DemoCustomer.Address, stray.From, ignoreCase: true);
        Assert.Empty(await unmatched.ListAsync((await _pos.NewMerchantAsync("Another Shop", "0x90f79bf6eb2c4f870365e785982e1f101e93b906")).Merchant.Id));

        var (sessionId, transactionId) = await OpenPaymentAsync(10m);
        var manager = Guid.NewGuid();
        var attached = await unmatched.AttachAsync(_merchant.Id, stray.Id, Guid.Parse(sessionId), Actors.User(manager));
        Assert.True(attached.Ok, attached.Error?.Message);
        await _pos.MineAsync(3);

        await Eventually.Async(async () =>
        {
            var transaction = await (await _api.GetAsync($"/transaction/{transactionId}")).JsonAsync();
            Assert.Equal(1, transaction.GetProperty("status").GetInt32());
            Assert.Equal("overpaid", transaction.GetProperty("exceptionStatus").GetString());
            Assert.Equal("11", transaction.GetProperty("paidAmount").GetString());
        });
        Assert.Empty(await unmatched.ListAsync(_merchant.Id));
        await using var db = await Db();
        var log = (await db.Events.Where(e => e.PaymentId == Guid.Parse(transactionId) && e.Type == "payment.transfer_attached").SingleAsync()).ToEvent()!;
        Assert.Equal(manager, Actors.UserId(log.Actor));
        var again = await unmatched.AttachAsync(_merchant.Id, stray.Id, Guid.Parse(sessionId), null);
        Assert.Equal("not_found", again.Error!.Code);
    }

    [Fact]
    public async Task an_unmatched_transfer_set_aside_with_a_note_leaves_the_list_and_a_wrong_attach_is_refused()
    {
        await _pos.FirstLookAsync();
        await _pos.PayAsync(TestNetworks.Eurc, StoreWallet, new BigInteger(2_000_000));
        var unmatched = _pos.Get<UnmatchedTransfers>();
        var stray = await Eventually.Async(async () => Assert.Single(await unmatched.ListAsync(_merchant.Id)));
        var (usdcSession, _) = await OpenPaymentAsync(2m);

        var wrongToken = await unmatched.AttachAsync(_merchant.Id, stray.Id, Guid.Parse(usdcSession), null);
        Assert.Equal("validation_failed", wrongToken.Error!.Code);
        Assert.Equal("validation_failed", (await unmatched.IgnoreAsync(_merchant.Id, stray.Id, "  ", null)).Error!.Code);
        Assert.True((await unmatched.IgnoreAsync(_merchant.Id, stray.Id, "owner's test transfer", Actors.User(Guid.NewGuid()))).Ok);

        Assert.Empty(await unmatched.ListAsync(_merchant.Id));
        var ignored = Assert.Single(await unmatched.ListAsync(_merchant.Id, includeIgnored: true));
        Assert.Equal("owner's test transfer", ignored.IgnoreNote);
    }

    [Fact]
    public async Task a_refund_counts_once_the_chain_shows_the_store_wallet_sent_it_to_the_payer_and_never_beyond_what_was_paid()
    {
        var (sessionId, transactionId) = await PaidSessionAsync(20m);
        var refunds = _pos.Get<Refunds>();
        var quote = (await refunds.QuoteAsync(_merchant.Id, sessionId)).Value!;
        Assert.Equal(DemoCustomer.Address, quote.Payer, ignoreCase: true);
        Assert.Equal(StoreWallet, quote.From, ignoreCase: true);

        Assert.Equal("validation_failed", (await refunds.PrepareAsync(_merchant.Id, sessionId, "25", null)).Error!.Code);
        Assert.Equal("validation_failed", (await refunds.PrepareAsync(_merchant.Id, sessionId, "0.0000001", null)).Error!.Code);
        Assert.Equal("not_found", (await refunds.PrepareAsync((await _pos.NewMerchantAsync("Other")).Merchant.Id, sessionId, "1", null)).Error!.Code);
        var half = (await refunds.PrepareAsync(_merchant.Id, sessionId, TokenAmount.Format(quote.Paid / 2, 6), Actors.User(Guid.NewGuid()))).Value!;
        var available = (await refunds.QuoteAsync(_merchant.Id, sessionId)).Value!.Available;
        Assert.Equal(quote.Paid - quote.Paid / 2, available); // what is prepared is held back from a second refund

        var sent = await SendFromStoreAsync(half);
        Assert.True((await refunds.SubmitAsync(_merchant.Id, half.Id, sent)).Ok);
        await _pos.MineAsync(3);

        await Eventually.Async(async () =>
        {
            var transaction = await (await _api.GetAsync($"/transaction/{transactionId}")).JsonAsync();
            Assert.Equal(TokenAmount.Format(quote.Paid / 2, 6), transaction.GetProperty("refundedAmount").GetString());
        });
        var recorded = Assert.Single(await refunds.ForSessionAsync(_merchant.Id, sessionId));
        Assert.Equal(RefundStatus.Confirmed, recorded.Status);
        await using var db = await Db();
        var refunded = (PaymentRefunded)(await db.Events.Where(e => e.PaymentId == Guid.Parse(transactionId) && e.Type == "payment.refunded").SingleAsync()).ToEvent()!;
        Assert.False(refunded.Full);
        Assert.Equal(sent, refunded.TxHash);
        var day = (await _pos.Get<PaySessions.Core.History.EndOfDayReports>().ReadAsync(_merchant.Id))!;
        Assert.Equal(1, day.Store.Refunds.Count);
        Assert.Equal(quote.Paid / 2, Assert.Single(day.Store.Refunds.Totals).Amount);
        var story = (await _pos.Get<PaySessions.Core.History.SessionTimeline>().FindAsync(_merchant.Id, sessionId))!;
        Assert.Contains(story.Entries, e => e.Kind == PaySessions.Core.History.TimelineKind.Refund && e.Text.StartsWith("Partly refunded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_sent_transaction_that_is_not_the_prepared_refund_fails_and_refunds_nothing()
    {
        var (sessionId, transactionId) = await PaidSessionAsync(8m);
        var refunds = _pos.Get<Refunds>();
        var prepared = (await refunds.PrepareAsync(_merchant.Id, sessionId, "4", null)).Value!;
        var other = await DevChainSeeder.TransferAsync(_pos.Rpc(), StoreWallet, TestNetworks.Usdc, prepared.To, new BigInteger(1_000_000), CancellationToken.None);

        Assert.True((await refunds.SubmitAsync(_merchant.Id, prepared.Id, other.TxHash)).Ok);
        await _pos.MineAsync(3);

        var failed = await Eventually.Async(async () =>
        {
            var refund = Assert.Single(await refunds.ForSessionAsync(_merchant.Id, sessionId));
            Assert.Equal(RefundStatus.Failed, refund.Status);
            return refund;
        });
        Assert.Contains("does not send the prepared amount", failed.Error);
        var transaction = await (await _api.GetAsync($"/transaction/{transactionId}")).JsonAsync();
        Assert.Equal("0", transaction.GetProperty("refundedAmount").GetString());
        Assert.Equal("validation_failed", (await refunds.SubmitAsync(_merchant.Id, prepared.Id, "0x1234")).Error!.Code);
    }

    private async Task<(string SessionId, string TransactionId)> OpenPaymentAsync(decimal amount)
    {
        var sessionId = await _api.CreateSessionAsync(amount);
        var transaction = await (await _api.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset = "USDC", network = "polygon" })).JsonAsync();
        return (sessionId, transaction.GetProperty("transactionID").GetString()!);
    }

    private async Task<(Guid SessionId, string TransactionId)> PaidSessionAsync(decimal amount)
    {
        var (sessionId, transactionId) = await OpenPaymentAsync(amount);
        var transaction = await (await _api.GetAsync($"/transaction/{transactionId}")).JsonAsync();
        await _pos.PayAsync(TestNetworks.Usdc, StoreWallet, BigInteger.Parse(transaction.GetProperty("uri").GetString()!.Split("uint256=")[1]));
        await _pos.MineAsync(3);
        await Eventually.Async(async () =>
            Assert.Equal(1, (await (await _api.GetAsync($"/transaction/{transactionId}")).JsonAsync()).GetProperty("status").GetInt32()));
        return (Guid.Parse(sessionId), transactionId);
    }

    /// <summary>What the manager's browser wallet does with the prepared refund: send its call data to the token, from the store's wallet.</summary>
    private async Task<string> SendFromStoreAsync(RefundView refund)
    {
        var hash = await _pos.Rpc().Client.CallAsync(
            "eth_sendTransaction", [new { from = refund.From, to = refund.Token, data = refund.CallData }], CancellationToken.None);
        return hash.GetString()!.ToLowerInvariant();
    }

    /// <summary>
    /// The chain monitor's first look at a network begins at its head: a stray transfer mined before it is no store's to
    /// list (nothing was open for it). A quick start can leave the test paying before that look, so it waits for it.
    /// </summary>
    private Task<PayDbContext> Db() => _pos.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
}
