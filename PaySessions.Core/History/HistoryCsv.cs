using System.Globalization;
using CsvHelper;
using PaySessions.Core.Chain;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;

namespace PaySessions.Core.History;

/// <summary>
/// Writes history rows as CSV (RFC 4180, UTF-8, a header row) straight to a stream, 64 KiB at a time: memory stays the
/// same for ten rows or a million. Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is
/// written with a leading apostrophe, so opening an export never executes what a customer typed into a reference.
/// </summary>
public static class HistoryCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "sessionID", "createdAt", "status", "exceptionStatus", "amount", "amountCurrency", "referenceNumber", "descriptor",
        "kind", "asset", "network", "assetAmount", "paidAmount", "txHash", "payer",
    ];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    /// <summary>Writes the header and every row; returns how many rows were written. <paramref name="output"/> stays open.</summary>
    public static async Task<long> WriteAsync(Stream output, IAsyncEnumerable<HistoryRow> rows, DateTime now, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        await foreach (var (session, payment) in rows.WithCancellation(cancellationToken))
        {
            csv.WriteField(session.Id.ToString());
            csv.WriteField(session.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(((int)session.StatusAt(now)).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(session.ExceptionStatus.Wire());
            csv.WriteField(Canonical(session.Amount).ToString(CultureInfo.InvariantCulture));
            csv.WriteField(session.AmountCurrency);
            csv.WriteField(session.ReferenceNumber);
            csv.WriteField(session.Descriptor);
            csv.WriteField(session.Kind == SessionKind.Voucher ? "voucher" : "checkout");
            csv.WriteField(session.Asset ?? "");
            csv.WriteField(session.Network ?? "");
            csv.WriteField(payment is null ? "" : TokenAmount.Format(payment.Amount, payment.Decimals));
            csv.WriteField(payment is null ? "" : TokenAmount.Format(payment.Paid, payment.Decimals));
            csv.WriteField(session.TxHash ?? "");
            csv.WriteField(session.Payer ?? "");
            // Hands the buffer to the stream whenever it is mostly full.
            await csv.EndRecordAsync(cancellationToken);
            count++;
        }

        await csv.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>Without the trailing zeros a database round trip adds, as the JSON API writes amounts.</summary>
    private static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;
}
