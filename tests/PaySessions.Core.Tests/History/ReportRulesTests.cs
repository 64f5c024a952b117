using System.Numerics;
using System.Text;
using Microsoft.Extensions.Options;
using PaySessions.Core.Fx;
using PaySessions.Core.History;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.Tests.History;

/// <summary>The reports' pure rules: the store's calendar, the store-currency total, and the CSV.</summary>
public sealed class ReportRulesTests
{
    private static readonly IFxRateProvider Rates = new StaticFxRateProvider(Options.Create(new FxOptions { Rates = { ["EUR/USD"] = 1.25m } }));

    [Fact]
    public void a_utc_day_runs_from_midnight_to_midnight_and_a_week_from_monday()
    {
        var calendar = StoreCalendar.Utc;
        var saturday = new DateOnly(2026, 11, 21);

        Assert.Equal(saturday, calendar.DayOf(new DateTime(2026, 11, 21, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_999)));
        Assert.Equal(saturday.AddDays(1), calendar.DayOf(new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc)));
        var day = calendar.Day(saturday);
        Assert.Equal((new DateTime(2026, 11, 21, 0, 0, 0), new DateTime(2026, 11, 22, 0, 0, 0)), (day.FromUtc, day.ToUtc));
        Assert.False(day.Contains(day.ToUtc));
        Assert.Equal(new DateOnly(2026, 11, 16), calendar.WeekOf(saturday).First);
        Assert.Equal(new DateOnly(2026, 11, 22), calendar.WeekOf(new DateOnly(2026, 11, 22)).Last);
        Assert.Equal(new DateOnly(2026, 11, 23), calendar.WeekOf(new DateOnly(2026, 11, 23)).First);
    }

    [Fact]
    public void a_store_two_hours_ahead_of_utc_starts_its_day_at_22_00_utc()
    {
        var calendar = new StoreCalendar(TimeZoneInfo.CreateCustomTimeZone("Test/Plus2", TimeSpan.FromHours(2), "UTC+2", "UTC+2"));

        var day = calendar.Day(new DateOnly(2026, 11, 21));

        Assert.Equal(new DateTime(2026, 11, 20, 22, 0, 0), day.FromUtc);
        Assert.Equal(new DateOnly(2026, 11, 21), calendar.DayOf(new DateTime(2026, 11, 20, 22, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("Test/Plus2", calendar.ZoneName);
    }

    [Fact]
    public void sales_in_the_stores_currency_count_exactly_others_convert_at_the_configured_rate_and_unknown_ones_are_left_out_and_named()
    {
        var money = new StoreMoney("EUR", Rates);

        var total = money.Sum([Sale(10m, "EUR"), Sale(12.50m, "USD"), Sale(0.01m, "EUR"), Sale(5m, "GBP"), Sale(1m, "CHF"), Sale(2m, "GBP")]);

        Assert.Equal(("EUR", 20.01m, 3, 3), (total.Currency, total.Amount, total.Converted, total.LeftOut));
        Assert.Equal(["CHF", "GBP"], total.MissingRates);
        Assert.Equal("20.01 EUR", total.Text);
    }

    [Fact]
    public async Task the_csv_has_a_header_one_figure_per_row_and_defuses_formulas_in_names()
    {
        var cashier = Guid.NewGuid();
        var underpaid = Sale(50m, "USD", cashier, PaymentStatus.Expired, Payment("USDC", 50_000_123, 46_000_000, PaymentStatus.Expired, PaymentException.Underpaid));
        var paid = Sale(10m, "USD", cashier, PaymentStatus.Succeeded, Payment("USDC", 10_000_042, 10_000_042, PaymentStatus.Succeeded));
        var money = new StoreMoney("USD", Rates);
        var figures = SalesFigures.Of([underpaid, paid], [], money);
        var day = new DateOnly(2026, 11, 21);
        var report = new EndOfDayReport(
            "=HYPERLINK(\"http://evil.test\")", "USD", StoreCalendar.Utc, day, StoreCalendar.Utc.Day(day), DateTime.UtcNow, figures,
            [new CashierDay(cashier, "+alice", figures)]);

        using var output = new MemoryStream();
        await EndOfDayCsv.WriteAsync(output, report);
        var lines = Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("date,timeZone,store,scope,cashier,figure,asset,network,amount,currency,sessionId,detail", lines[0]);
        Assert.Equal("2026-11-21,UTC,\"'=HYPERLINK(\"\"http://evil.test\"\")\",store,,sales,,,2,,,", lines[1]);
        Assert.Contains("2026-11-21,UTC,\"'=HYPERLINK(\"\"http://evil.test\"\")\",store,,paidShare,,,0.5,,,", lines);
        Assert.Contains("2026-11-21,UTC,\"'=HYPERLINK(\"\"http://evil.test\"\")\",store,,paidInStoreCurrency,,,10.00,USD,,", lines);
        Assert.Contains("2026-11-21,UTC,\"'=HYPERLINK(\"\"http://evil.test\"\")\",store,,received,USDC,polygon,10.000042,,,", lines);
        Assert.Contains("2026-11-21,UTC,\"'=HYPERLINK(\"\"http://evil.test\"\")\",store,,refunds,,,0,,,", lines);
        Assert.Contains(lines, l => l.Contains(",cashier,\"'+alice\",sales,,,2,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith($",cashier,\"'+alice\",unresolvedPayment,USDC,polygon,46,,{underpaid.SessionId},Underpaid: 46 of 50.000123 USDC", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.StartsWith("2026-11-21,UTC,", l, StringComparison.Ordinal));
    }

    private static SalePayment Payment(string asset, long amount, long paid, PaymentStatus status, PaymentException exception = PaymentException.None) =>
        new(Guid.NewGuid(), asset, "polygon", 6, new BigInteger(amount), new BigInteger(paid), status, exception);

    private static SaleLine Sale(decimal amount, string currency, Guid? cashier = null, PaymentStatus status = PaymentStatus.Succeeded, SalePayment? payment = null) =>
        new(Guid.NewGuid(), new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc), SessionKind.Checkout, status, amount, currency, "", cashier,
            payment?.Id, payment is null ? [] : [payment]);
}
