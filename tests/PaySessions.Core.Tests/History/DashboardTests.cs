using PaySessions.Core.Chain;
using PaySessions.Core.History;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.History;

/// <summary>The dashboard of a store trading on a real chain across a week: today, this week and the chart's seven days.</summary>
public sealed class DashboardTests(AnvilFixture chain) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task today_this_week_and_the_last_seven_days_end_at_utc_midnight_and_weeks_start_on_monday()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var weekAgo = await TestShop.FreshDayAsync(harness, chain, DayOfWeek.Wednesday);
        var wednesday = weekAgo.AddDays(7);
        var (sunday, monday, tuesday) = (wednesday.AddDays(-3), wednesday.AddDays(-2), wednesday.AddDays(-1));
        var shop = await TestShop.OpenAsync(harness, chain);

        await SoldAtAsync(harness, shop, weekAgo, new TimeOnly(12, 0), 4m, "USDC", paid: true);
        await SoldAtAsync(harness, shop, sunday, new TimeOnly(23, 59, 59), 5m, "USDC", paid: true);
        var mondayMidnight = await SoldAtAsync(harness, shop, monday, TimeOnly.MinValue, 6m, "USDT", paid: true);
        await SoldAtAsync(harness, shop, tuesday, new TimeOnly(23, 59, 59), 1m, "USDC", paid: false);
        var todayMidnight = await SoldAtAsync(harness, shop, wednesday, TimeOnly.MinValue, 7m, "USDC", paid: true);
        await SoldAtAsync(harness, shop, wednesday, new TimeOnly(10, 0), 2m, "USDC", paid: false);
        TestShop.MoveTo(harness, wednesday.ToDateTime(new TimeOnly(12, 0)));

        var dashboard = (await harness.Core.Get<StoreDashboard>().ReadAsync(shop.StoreId))!;

        Assert.Equal(("UTC", "USD"), (dashboard.TimeZone, dashboard.Currency));
        Assert.Equal((wednesday, wednesday), (dashboard.Today.First, dashboard.Today.Last));
        Assert.Equal((2, 1, 0.5m, 7m), (dashboard.TodayFigures.Sales, dashboard.TodayFigures.Paid, dashboard.TodayFigures.PaidShare, dashboard.TodayFigures.PaidInStoreCurrency.Amount));
        Assert.Equal([("USDC", "polygon", TokenAmount.Format(todayMidnight, 6))], dashboard.TodayFigures.Received.Select(t => (t.Asset, t.Network, t.Text)));

        Assert.Equal((monday, monday.AddDays(6)), (dashboard.Week.First, dashboard.Week.Last));
        Assert.Equal((4, 2, 0.5m, 13m), (dashboard.WeekFigures.Sales, dashboard.WeekFigures.Paid, dashboard.WeekFigures.PaidShare, dashboard.WeekFigures.PaidInStoreCurrency.Amount));
        Assert.Equal(
            [("USDC", TokenAmount.Format(todayMidnight, 6)), ("USDT", TokenAmount.Format(mondayMidnight, 6))],
            dashboard.WeekFigures.Received.Select(t => (t.Asset, t.Text)));

        Assert.Equal(
            [
                (wednesday.AddDays(-6), 0, 0, 0m), (wednesday.AddDays(-5), 0, 0, 0m), (wednesday.AddDays(-4), 0, 0, 0m),
                (sunday, 1, 1, 5m), (monday, 1, 1, 6m), (tuesday, 1, 0, 0m), (wednesday, 2, 1, 7m),
            ],
            dashboard.LastSevenDays.Select(d => (d.Day, d.Sales, d.Paid, d.PaidInStoreCurrency.Amount)));
    }

    [Fact]
    public async Task a_store_that_sold_nothing_shows_zeros_and_no_share()
    {
        await using var harness = await ChainHarness.StartAsync(chain);
        var shop = await TestShop.OpenAsync(harness, chain);

        var dashboard = (await harness.Core.Get<StoreDashboard>().ReadAsync(shop.StoreId))!;

        Assert.Equal((0, 0, 0m, 0m), (dashboard.WeekFigures.Sales, dashboard.WeekFigures.Paid, dashboard.WeekFigures.PaidShare, dashboard.WeekFigures.PaidInStoreCurrency.Amount));
        Assert.Empty(dashboard.TodayFigures.Received);
        Assert.Equal(7, dashboard.LastSevenDays.Count);
        Assert.Null(await harness.Core.Get<StoreDashboard>().ReadAsync(Guid.NewGuid()));
    }

    /// <summary>A sale rung up at that moment and, when paid, paid in full then; returns the amount asked in base units.</summary>
    private static async Task<System.Numerics.BigInteger> SoldAtAsync(
        ChainHarness harness, TestShop shop, DateOnly day, TimeOnly time, decimal amount, string asset, bool paid)
    {
        TestShop.MoveTo(harness, day.ToDateTime(time));
        var payment = await shop.SellAsync(amount, asset);
        if (paid)
        {
            await shop.PayAsync(payment);
        }

        return payment.Amount;
    }
}
