using PaySessions.Core.History;
using PaySessions.Core.Payments;

namespace PaySessions.Benchmarks.History;

/// <summary>One timed query: run number in, rows returned out (the run number varies the values, so caches do not flatter it).</summary>
public sealed record HistoryQueryCase(string Name, string Description, Func<int, Task<int>> Run);

/// <summary>The queries a back office and an integrator typically make, against the busier store.</summary>
public static class HistoryQueries
{
    public static IEnumerable<HistoryQueryCase> For(SeededStore store, SessionHistory history)
    {
        var merchant = store.MerchantId;
        var random = new Random(7);
        async Task<int> Page(HistoryQuery query)
        {
            var page = await history.PageAsync(merchant, query);
            return page.Ok ? page.Value.Rows.Count : throw new InvalidOperationException(page.Error.Message);
        }

        Task<int> Filtered(HistoryFilter filter) => Page(new HistoryQuery(filter));
        DateTime Day(int run) => HistorySeeder.End - HistorySeeder.Span + TimeSpan.FromDays(5 + (run * 7 % 75));

        yield return new("first page, newest first", "no filter, 50 rows", _ => Filtered(new HistoryFilter()));
        yield return new("status = 3 (canceled)", "about 8% of sessions", _ => Filtered(new HistoryFilter { Status = PaymentStatus.Canceled }));
        yield return new("status = 5 (expired, incl. overdue pending)", "about 20%", _ => Filtered(new HistoryFilter { Status = PaymentStatus.Expired }));
        yield return new("exceptionStatus = underpaid", "rare: under 1%", _ => Filtered(new HistoryFilter { ExceptionStatus = PaymentException.Underpaid }));
        yield return new("date range (7 days)", "from/to a week somewhere in the 90 days", run => Filtered(new HistoryFilter { From = Day(run), To = Day(run).AddDays(7) }));
        yield return new("asset + network (USDT on polygon)", "about 13%", _ => Filtered(new HistoryFilter { Asset = "USDT", Network = "polygon" }));
        yield return new("asset + network (EURC on base)", "about 3%", _ => Filtered(new HistoryFilter { Asset = "EURC", Network = "base" }));
        yield return new("amount range 100-200", "about 10%", _ => Filtered(new HistoryFilter { MinAmount = 100, MaxAmount = 200 }));
        yield return new("amount exactly 42.00", "a customer's \"I paid 42\"", _ => Filtered(new HistoryFilter { MinAmount = 42, MaxAmount = 42 }));
        yield return new("cashier", "one of 10 cashiers", run => Filtered(new HistoryFilter { CashierId = store.Cashiers[run % store.Cashiers.Count] }));
        yield return new("free text: reference fragment", "4 digits of an INV-nnnnnn reference", _ => Filtered(new HistoryFilter { Text = random.Next(1000, 9999).ToString("D4", System.Globalization.CultureInfo.InvariantCulture) }));
        yield return new("free text: descriptor word (common)", "\"croissant\": about 4%", _ => Filtered(new HistoryFilter { Text = "croissant" }));
        yield return new("tx hash, exact", "a full 0x… hash", run => Filtered(new HistoryFilter { Text = store.TxHashes[run % store.TxHashes.Count] }));
        yield return new("tx hash, prefix", "0x + 10 hex digits", run => Filtered(new HistoryFilter { Text = store.TxHashes[run % store.TxHashes.Count][..12] }));
        yield return new("payer address", "a full address", run => Filtered(new HistoryFilter { Text = store.Payers[run % store.Payers.Count] }));

        string? deep = null;
        yield return new("deep page: cursor 50 pages in", "page 51 of 50 rows, by keyset", async _ =>
        {
            deep ??= await CursorAfterAsync(history, merchant, pages: 50);
            return await Page(new HistoryQuery(new HistoryFilter()) { Cursor = deep });
        });
        yield return new("grid jump: skip 2,500 rows", "page 51 by offset (capped at 10,000)", _ => Page(new HistoryQuery(new HistoryFilter()) { Skip = 2_500 }));
        yield return new("count, capped at 10,000", "the grid's total (\"10,000+\")", _ => Count(new HistoryFilter()));
        yield return new("count: status = 3", "through the status index", _ => Count(new HistoryFilter { Status = PaymentStatus.Canceled }));
        yield return new("count: amount range 100-200", "checked row by row along the time index", _ => Count(new HistoryFilter { MinAmount = 100, MaxAmount = 200 }));

        async Task<int> Count(HistoryFilter filter)
        {
            var count = await history.CountAsync(merchant, filter);
            return count.Ok ? count.Value.Count : throw new InvalidOperationException(count.Error.Message);
        }
    }

    private static async Task<string> CursorAfterAsync(SessionHistory history, Guid merchant, int pages)
    {
        var cursor = "";
        for (var i = 0; i < pages; i++)
        {
            var page = await history.PageAsync(merchant, new HistoryQuery(new HistoryFilter()) { Cursor = cursor });
            cursor = page.Value!.NextCursor ?? throw new InvalidOperationException("Fewer pages than asked for.");
        }

        return cursor;
    }
}
