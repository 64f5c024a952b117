using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Chain;

/// <summary>Where the monitor scans from: after a restart, blocks scanned again, a first look at a network, and addresses added between scans.</summary>
public sealed class ChainScanFromTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task payments_made_while_the_app_was_down_are_found_after_restart()
    {
        var database = Path.Combine(Path.GetTempPath(), "paysessions-restart-" + Guid.NewGuid().ToString("N"), "pos.db");
        Payment payment;
        string wallet;
        await using (var before = await ChainHarness.StartAsync(chain, database))
        {
            MerchantCallerAndWallet(await before.NewMerchantAsync(), out var merchant, out wallet);
            payment = await before.NewPaymentAsync(merchant, 4.2m);
            await before.ScanAsync();
        }

        // Down: the customer pays and the chain moves on.
        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await chain.MineAsync(5);

        await using (var after = await ChainHarness.StartAsync(chain, database))
        {
            await after.ScanAsync();
            Assert.Equal(PaymentStatus.Succeeded, (await after.PaymentAsync(payment.Id)).Status);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
    }

    [Fact]
    public async Task blocks_scanned_again_after_a_crash_before_the_cursor_moved_leave_a_settled_payment_as_it_was()
    {
        // Blocks scanned again (a cursor saved late, restored from a backup, or walked back) hold transfers already
        // counted: the payment they settled must stay as it is, paid once, with no new events.
        var database = Path.Combine(Path.GetTempPath(), "paysessions-rescan-" + Guid.NewGuid().ToString("N"), "pos.db");
        Payment payment;
        await using (var before = await ChainHarness.StartAsync(chain, database))
        {
            MerchantCallerAndWallet(await before.NewMerchantAsync(), out var merchant, out var wallet);
            payment = await before.NewPaymentAsync(merchant, 7.7m);
            await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
            await chain.MineAsync(3);
            await before.ScanAsync();
            Assert.Equal(PaymentStatus.Succeeded, (await before.PaymentAsync(payment.Id)).Status);

            await using var db = await before.Core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
            var paidIn = await db.ChainTransfers.Where(t => t.PaymentId == payment.Id).Select(t => t.BlockNumber).SingleAsync();
            var cursor = (await chain.Rpc.GetBlockAsync(paidIn - 1, CancellationToken.None))!;
            await db.ChainCursors.ExecuteUpdateAsync(c => c.SetProperty(x => x.LastBlock, cursor.Number).SetProperty(x => x.LastHash, cursor.Hash));
            await db.ChainBlocks.Where(b => b.Number >= paidIn).ExecuteDeleteAsync();
        }

        await using (var after = await ChainHarness.StartAsync(chain, database, firstScan: false))
        {
            await using var db = await after.Core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
            var events = await db.Events.CountAsync(e => e.SessionId == payment.SessionId);
            await after.ScanAsync();

            var settled = await after.PaymentAsync(payment.Id);
            Assert.Equal((PaymentStatus.Succeeded, payment.Amount), (settled.Status, settled.Paid));
            Assert.Equal(1, await db.ChainTransfers.CountAsync(t => t.PaymentId == payment.Id));
            Assert.Equal((await chain.Rpc.GetBlockAsync(null, CancellationToken.None))!.Number, (await db.ChainCursors.SingleAsync()).LastBlock); // scanned again, up to the head
            Assert.Equal(events, await db.Events.CountAsync(e => e.SessionId == payment.SessionId));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
    }

    [Fact]
    public async Task a_sale_paid_before_the_monitor_first_looked_at_the_network_is_found()
    {
        // The first sale can beat the monitor's first look (a slow node at start-up, a network offered before its node
        // answered): the first scan must not begin at the head past its transfer.
        await using var harness = await ChainHarness.StartAsync(chain, firstScan: false);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 6.1m);
        var paid = await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await chain.MineAsync(5);

        await harness.ScanAsync();

        var settled = await harness.PaymentAsync(payment.Id);
        Assert.Equal((PaymentStatus.Succeeded, paid.TxHash), (settled.Status, settled.TxHash));
    }

    [Fact]
    public async Task a_wallet_added_since_the_watch_list_was_read_is_watched_in_the_very_next_scan()
    {
        // The scanner re-reads its watch list every few seconds (the harness's clock stands still): a new store's first
        // sale, paid within those seconds, must not be scanned past.
        await using var harness = await ChainHarness.StartAsync(chain);
        var (first, firstWallet) = await harness.NewMerchantAsync();
        var earlier = await harness.NewPaymentAsync(first, 3.3m);
        await chain.PayAsync(earlier.TokenContract, firstWallet, earlier.Amount);
        await chain.MineAsync(3);
        await harness.ScanAsync();
        Assert.Equal(PaymentStatus.Succeeded, (await harness.PaymentAsync(earlier.Id)).Status);

        var (second, secondWallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(second, 3.3m);
        var paid = await chain.PayAsync(payment.TokenContract, secondWallet, payment.Amount);
        await chain.MineAsync(3);
        await harness.ScanAsync();

        var settled = await harness.PaymentAsync(payment.Id);
        Assert.Equal((PaymentStatus.Succeeded, paid.TxHash), (settled.Status, settled.TxHash));
    }

    [Fact]
    public async Task with_no_payment_open_the_first_scan_begins_at_the_head()
    {
        await using var harness = await ChainHarness.StartAsync(chain, firstScan: false);
        var (_, wallet) = await harness.NewMerchantAsync();
        var before = await chain.PayAsync(TestNetworks.Usdc, wallet, new BigInteger(1_000_000));
        await chain.MineAsync(2);

        await harness.ScanAsync();

        await using var db = await harness.Core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        Assert.False(await db.ChainTransfers.AnyAsync(t => t.TxHash == before.TxHash));
        Assert.Equal((await chain.Rpc.GetBlockAsync(null, CancellationToken.None))!.Number, (await db.ChainCursors.SingleAsync()).LastBlock);
    }

    private static void MerchantCallerAndWallet((PaySessions.Core.Merchants.MerchantCaller Caller, string Wallet) pair, out PaySessions.Core.Merchants.MerchantCaller caller, out string wallet) =>
        (caller, wallet) = pair;
}
