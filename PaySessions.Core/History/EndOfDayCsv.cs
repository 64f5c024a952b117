using System.Globalization;
using CsvHelper;

namespace PaySessions.Core.History;

/// <summary>
/// The end-of-day report as CSV (RFC 4180, UTF-8, a header row), one figure per row so a spreadsheet can filter and
/// pivot it: the store's figures first (scope <c>store</c>), then each cashier's (scope <c>cashier</c>), whose
/// unresolved payments are listed one per row. Text a spreadsheet would run as a formula (starting with = + - @, tab
/// or CR), such as a user or store name, is written with a leading apostrophe.
/// </summary>
public static class EndOfDayCsv
{
    public static readonly IReadOnlyList<string> Columns =
        ["date", "timeZone", "store", "scope", "cashier", "figure", "asset", "network", "amount", "currency", "sessionId", "detail"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    public static string FileName(EndOfDayReport report) => $"end-of-day-{report.Day:yyyy-MM-dd}.csv";

    public static async Task WriteAsync(Stream output, EndOfDayReport report, CancellationToken cancellationToken = default)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        var rows = Figures(report.Store, "store", "")
            .Concat(report.Cashiers.SelectMany(c => Figures(c.Figures, "cashier", c.Name).Concat(Unresolved(c))));
        foreach (var row in rows)
        {
            await csv.WriteRecordAsync(
                [
                    report.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), report.TimeZone, report.StoreName, row.Scope, row.Cashier,
                    row.Figure, row.Asset, row.Network, row.Amount, row.Currency, row.SessionId, row.Detail,
                ],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static IEnumerable<Row> Figures(SalesFigures figures, string scope, string cashier)
    {
        Row Count(string figure, int count) => new(scope, cashier, figure, Amount: Number(count));

        yield return Count("sales", figures.Sales);
        yield return Count("paid", figures.Paid);
        yield return new(scope, cashier, "paidShare", Amount: Number(decimal.Round(figures.PaidShare, 4)));
        var total = figures.PaidInStoreCurrency;
        yield return new(scope, cashier, "paidInStoreCurrency", Amount: total.Plain, Currency: total.Currency,
            Detail: total.LeftOut == 0 ? "" : $"{total.LeftOut} sale(s) left out: no rate for {string.Join(", ", total.MissingRates)}");
        foreach (var received in figures.Received)
        {
            yield return new(scope, cashier, "received", received.Asset, received.Network, received.Text);
        }

        yield return Count("refunds", figures.Refunds.Count);
        foreach (var refunded in figures.Refunds.Totals)
        {
            yield return new(scope, cashier, "refunded", refunded.Asset, refunded.Network, refunded.Text);
        }

        yield return Count("unresolved", figures.Unresolved.Count);
    }

    private static IEnumerable<Row> Unresolved(CashierDay cashier) => cashier.Figures.Unresolved.Select(u => new Row(
        "cashier", cashier.Name, "unresolvedPayment", u.Payment.Asset, u.Payment.Network, u.Paid, SessionId: u.SessionId.ToString(),
        Detail: $"{u.Description}: {u.Paid} of {u.Expected} {u.Payment.Asset}"));

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(
        string Scope, string Cashier, string Figure, string Asset = "", string Network = "", string Amount = "", string Currency = "",
        string SessionId = "", string Detail = "");
}
