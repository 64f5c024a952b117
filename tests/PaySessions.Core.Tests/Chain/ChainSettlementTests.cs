using System.Numerics;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Notifications;
using PaySessions.Core.Events;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;

using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Chain;

/// <summary>Payments settle from real ERC-20 transfers on a real anvil chain (confirmations: 3).</summary>
public sealed class ChainSettlementTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task an_exact_payment_confirms_block_by_block_and_succeeds_at_depth()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant);
        var events = new List<DomainEvent>();
        using var _ = harness.Core.Get<SessionNotifier>().Subscribe(payment.SessionId, e =>
        {
            lock (events)
            {
                events.Add(e);
            }

            return Task.CompletedTask;
        });

        var receipt = await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await harness.ScanAsync();

        var seen = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Processing, seen.Status);
        Assert.Equal(1, seen.Confirmations);
        Assert.Equal(receipt.TxHash, seen.TxHash);
        Assert.Equal(PaymentStatus.Processing, (await harness.Sessions.FindAsync(payment.SessionId, null))!.Status);

        await chain.MineAsync(1);
        await harness.ScanAsync();
        Assert.Equal((PaymentStatus.Processing, 2), await StatusAsync(harness, payment.Id));

        await chain.MineAsync(1);
        await harness.ScanAsync();
        var settled = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Succeeded, settled.Status);
        Assert.Equal(PaymentException.None, settled.ExceptionStatus);
        Assert.Equal(payment.Amount, settled.Paid);
        Assert.False(settled.HoldsAmount);
        Assert.Equal(PaymentStatus.Succeeded, (await harness.Sessions.FindAsync(payment.SessionId, null))!.Status);
        await Eventually.Async(() => events.Any(e => e is SessionStatusChanged { To: PaymentStatus.Succeeded }));
    }

    [Fact]
    public async Task twenty_payments_at_the_same_price_to_one_wallet_each_settle_from_their_own_transfer()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payments = new List<Payment>();
        for (var i = 0; i < 20; i++)
        {
            payments.Add(await harness.NewPaymentAsync(merchant, 5m));
        }

        var paidBy = new Dictionary<Guid, string>();
        foreach (var payment in payments.OrderBy(_ => Random.Shared.Next()))
        {
            paidBy[payment.Id] = (await chain.PayAsync(payment.TokenContract, wallet, payment.Amount)).TxHash;
        }

        await chain.MineAsync(3);
        await harness.ScanAsync();

        foreach (var payment in payments)
        {
            var settled = await harness.PaymentAsync(payment.Id);
            Assert.Equal(PaymentStatus.Succeeded, settled.Status);
            Assert.Equal(payment.Amount, settled.Paid);
            Assert.Equal(paidBy[payment.Id], settled.TxHash);
        }
    }

    [Fact]
    public async Task a_stray_transfer_settles_nothing_and_is_kept_unmatched()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 12.34m);

        var stray = await chain.PayAsync(payment.TokenContract, wallet, new BigInteger(3_210_000));
        await chain.MineAsync(3);
        await harness.ScanAsync();

        Assert.Equal((PaymentStatus.Pending, 0), await StatusAsync(harness, payment.Id));
        await using var db = await harness.Core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var kept = await db.ChainTransfers.SingleAsync(t => t.TxHash == stray.TxHash);
        Assert.Null(kept.PaymentId);
        Assert.Equal(new BigInteger(3_210_000), kept.Value);
        Assert.Equal(wallet, kept.To);
    }

    [Fact]
    public async Task an_underpayment_stays_open_until_topped_up()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 12.34m);

        await chain.PayAsync(payment.TokenContract, wallet, new BigInteger(12_000_000));
        await chain.MineAsync(3);
        await harness.ScanAsync();
        var underpaid = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Pending, underpaid.Status);
        Assert.Equal(PaymentException.Underpaid, underpaid.ExceptionStatus);
        Assert.Equal(new BigInteger(12_000_000), underpaid.Paid);

        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount - 12_000_000);
        await chain.MineAsync(3);
        await harness.ScanAsync();
        var paid = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        Assert.Equal(PaymentException.None, paid.ExceptionStatus);
        Assert.Equal(payment.Amount, paid.Paid);
    }

    [Fact]
    public async Task an_overpayment_settles_and_is_flagged()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 12.34m);

        await chain.PayAsync(payment.TokenContract, wallet, new BigInteger(13_000_000));
        await chain.MineAsync(3);
        await harness.ScanAsync();

        var paid = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Succeeded, paid.Status);
        Assert.Equal(PaymentException.Overpaid, paid.ExceptionStatus);
        Assert.Equal(new BigInteger(13_000_000), paid.Paid);
    }

    [Fact]
    public async Task a_payment_mined_after_expiry_within_the_monitoring_window_settles_as_paid_late()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 7m);
        harness.Core.Time.Advance(TimeSpan.FromMinutes(20));
        await harness.Core.Get<PaySessions.Core.Sessions.SessionSweeper>().SweepAsync();
        Assert.Equal(PaymentStatus.Expired, (await harness.PaymentAsync(payment.Id)).Status);

        await chain.SetNextBlockTimeAsync(payment.ExpiresAt.AddMinutes(5));
        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await chain.MineAsync(3);
        await harness.ScanAsync();

        var late = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Succeeded, late.Status);
        Assert.Equal(PaymentException.PaidLate, late.ExceptionStatus);
        Assert.Equal(PaymentStatus.Succeeded, (await harness.Sessions.FindAsync(payment.SessionId, null))!.Status);
    }

    [Fact]
    public async Task a_reorg_that_drops_the_transfer_before_depth_puts_the_payment_back_to_pending()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var (merchant, wallet) = await harness.NewMerchantAsync();
        var payment = await harness.NewPaymentAsync(merchant, 9.99m);
        await chain.PayAsync(payment.TokenContract, wallet, payment.Amount);
        await chain.MineAsync(1);
        await harness.ScanAsync();
        Assert.Equal((PaymentStatus.Processing, 2), await StatusAsync(harness, payment.Id));

        await chain.ReorgAsync(2);
        await harness.ScanAsync();

        var reverted = await harness.PaymentAsync(payment.Id);
        Assert.Equal(PaymentStatus.Pending, reverted.Status);
        Assert.Equal(BigInteger.Zero, reverted.Paid);
        Assert.Equal(PaymentStatus.Pending, (await harness.Sessions.FindAsync(payment.SessionId, null))!.Status);

        await chain.MineAsync(5);
        await harness.ScanAsync();
        Assert.Equal(PaymentStatus.Pending, (await harness.PaymentAsync(payment.Id)).Status);
    }

    private static async Task<(PaymentStatus, int)> StatusAsync(ChainHarness harness, Guid paymentId)
    {
        var payment = await harness.PaymentAsync(paymentId);
        return (payment.Status, payment.Confirmations);
    }
}
