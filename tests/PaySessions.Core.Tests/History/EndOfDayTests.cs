using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.History;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.History;

/// <summary>The end-of-day report of stores trading on a real chain: per store, per cashier, and what is left unresolved.</summary>
public sealed class EndOfDayTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task the_day_is_split_by_cashier_with_counts_paid_share_and_exact_token_totals_of_this_store_only()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var day = await TestShop.FreshDayAsync(harness, chain);
        TestShop.MoveTo(harness, day.ToDateTime(new TimeOnly(9, 0)));
        var shop = await TestShop.OpenAsync(harness, chain);
        var elsewhere = await TestShop.OpenAsync(harness, chain);
        var alice = await shop.HireCashierAsync("alice");
        var bob = await shop.HireCashierAsync("bob");

        var coffee = await shop.SellAsync(10m, "USDC", alice);
        await shop.PayAsync(coffee);
        Later(harness);
        var cake = await shop.SellAsync(2.5m, "USDT", alice);
        await shop.PayAsync(cake);
        Later(harness);
        await shop.SellAsync(4m, "USDC", alice); // the customer walks away: it expires unpaid
        var lunch = await shop.SellAsync(7m, "EURC", bob);
        await shop.PayAsync(lunch);
        Later(harness);
        var online = await shop.SellAsync(3m, "USDC");
        await shop.PayAsync(online);
        Later(harness);
        var other = await elsewhere.SellAsync(100m, "USDC");
        await elsewhere.PayAsync(other);
        TestShop.MoveTo(harness, day.ToDateTime(new TimeOnly(18, 0)));

        var report = (await harness.Core.Get<EndOfDayReports>().ReadAsync(shop.StoreId, day))!;

        Assert.Equal((day, "UTC", "USD"), (report.Day, report.TimeZone, report.Currency));
        Assert.Equal((5, 4, 0.8m), (report.Store.Sales, report.Store.Paid, report.Store.PaidShare));
        Assert.Equal(
            [("EURC", "polygon", Units(lunch.Amount)), ("USDC", "polygon", Units(coffee.Amount + online.Amount)), ("USDT", "polygon", Units(cake.Amount))],
            report.Store.Received.Select(t => (t.Asset, t.Network, t.Text)));
        Assert.Equal(("USD", 22.50m, 0), (report.Store.PaidInStoreCurrency.Currency, report.Store.PaidInStoreCurrency.Amount, report.Store.PaidInStoreCurrency.LeftOut));
        Assert.Equal(0, report.Store.Refunds.Count);
        Assert.Empty(report.Store.Unresolved);

        Assert.Equal(["alice", "bob", EndOfDayReports.ApiSalesName], report.Cashiers.Select(c => c.Name));
        var (byAlice, byBob, overApi) = (report.Cashiers[0].Figures, report.Cashiers[1].Figures, report.Cashiers[2].Figures);
        Assert.Equal((3, 2, 12.50m), (byAlice.Sales, byAlice.Paid, byAlice.PaidInStoreCurrency.Amount));
        Assert.Equal([("USDC", Units(coffee.Amount)), ("USDT", Units(cake.Amount))], byAlice.Received.Select(t => (t.Asset, t.Text)));
        Assert.Equal((1, 1, 7m), (byBob.Sales, byBob.Paid, byBob.PaidInStoreCurrency.Amount));
        Assert.Equal([("EURC", "5.6")], byBob.Received.Select(t => (t.Asset, t.Text[..3])));
        Assert.Equal((alice, bob, (Guid?)null), (report.Cashiers[0].CashierId, report.Cashiers[1].CashierId, report.Cashiers[2].CashierId));
        Assert.Equal((1, 1), (overApi.Sales, overApi.Paid));

        // The cashier's own list counts the same day.
        Assert.Equal(3, (await harness.Core.Get<CashierSales>().TodayAsync(shop.StoreId, alice)).Count);

        var theirs = (await harness.Core.Get<EndOfDayReports>().ReadAsync(elsewhere.StoreId, day))!;
        Assert.Equal((1, 1, 100m), (theirs.Store.Sales, theirs.Store.Paid, theirs.Store.PaidInStoreCurrency.Amount));
        Assert.Equal([EndOfDayReports.ApiSalesName], theirs.Cashiers.Select(c => c.Name));
    }

    [Fact]
    public async Task unresolved_lists_the_days_confirming_underpaid_overpaid_late_and_double_payments_and_nothing_settled_cleanly()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var day = await TestShop.FreshDayAsync(harness, chain);
        TestShop.MoveTo(harness, day.ToDateTime(new TimeOnly(9, 0)));
        var shop = await TestShop.OpenAsync(harness, chain);
        var carol = await shop.HireCashierAsync("carol");

        var clean = await shop.SellAsync(5m, "USDC", carol);
        await shop.PayAsync(clean);
        Later(harness);
        var shortPaid = await shop.SellAsync(50m, "USDC", carol);
        await shop.PayAsync(shortPaid, new BigInteger(46_000_000));
        Later(harness);
        var tooMuch = await shop.SellAsync(20m, "USDT", carol);
        await shop.PayAsync(tooMuch, new BigInteger(21_000_000));
        Later(harness);
        var late = await shop.SellAsync(8m, "USDC", carol);
        TestShop.MoveTo(harness, TestShop.Now(harness).AddMinutes(20));
        await shop.PayAsync(late);
        Later(harness);
        // The customer switched from USDC to USDT and then paid both.
        var first = await shop.SellAsync(30m, "USDC", carol);
        var second = (await harness.Sessions.PickAsync(first.SessionId, shop.StoreId, "USDT", "polygon")).Value!;
        await shop.PayAsync(second);
        Later(harness);
        await shop.PayAsync(first);
        Later(harness);
        var confirming = await shop.SellAsync(12m, "USDC", carol);
        await shop.PayAsync(confirming, blocks: 1);
        // The next day's payment still confirming is not this day's business.
        TestShop.MoveTo(harness, day.AddDays(1).ToDateTime(new TimeOnly(9, 0)));
        var tomorrow = await shop.SellAsync(15m, "USDC", carol);
        await shop.PayAsync(tomorrow, blocks: 1);

        var report = (await harness.Core.Get<EndOfDayReports>().ReadAsync(shop.StoreId, day))!;

        Assert.Equal(
            [
                (shortPaid.Id, UnresolvedReason.Underpaid, "46", PaymentStatus.Expired),
                (tooMuch.Id, UnresolvedReason.Overpaid, "21", PaymentStatus.Succeeded),
                (late.Id, UnresolvedReason.PaidLate, Units(late.Amount), PaymentStatus.Succeeded),
                (first.Id, UnresolvedReason.PaidTwice, Units(first.Amount), PaymentStatus.Succeeded),
                (confirming.Id, UnresolvedReason.Confirming, Units(confirming.Amount), PaymentStatus.Processing),
            ],
            report.Store.Unresolved.Select(u => (u.Payment.Id, u.Reason, u.Paid, u.Payment.Status)));
        Assert.Equal(report.Store.Unresolved, report.Cashiers.Single().Figures.Unresolved);
        Assert.Equal("Underpaid", report.Store.Unresolved[0].Description);
        Assert.Equal(Units(shortPaid.Amount), report.Store.Unresolved[0].Expected);
        // Sales 6: paid are the clean, overpaid, late and switched ones; the short one expired, the last is confirming.
        Assert.Equal((6, 4), (report.Store.Sales, report.Store.Paid));
        // What arrived and settled: the switched sale's two payments both count, the confirming one does not yet.
        Assert.Equal(
            [("USDC", Units(clean.Amount + late.Amount + first.Amount)), ("USDT", Units(21_000_000 + second.Amount))],
            report.Store.Received.Select(t => (t.Asset, t.Text)));

        var nextDay = (await harness.Core.Get<EndOfDayReports>().ReadAsync(shop.StoreId, day.AddDays(1)))!;
        Assert.Equal([tomorrow.Id], nextDay.Store.Unresolved.Select(u => u.Payment.Id));
    }

    private static string Units(BigInteger baseUnits) => TokenAmount.Format(baseUnits, 6);

    /// <summary>The next sale, a few minutes on.</summary>
    private static void Later(ChainHarness harness) => TestShop.MoveTo(harness, TestShop.Now(harness).AddMinutes(3));
}
