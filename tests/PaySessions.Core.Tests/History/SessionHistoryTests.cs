using PaySessions.Core.Common;
using PaySessions.Core.History;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.History;

public sealed class SessionHistoryTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private HistoryWorld _world = null!;

    private SessionHistory History => _world.History;

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.StartAsync();
        _world = new HistoryWorld(_core);
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task the_ledger_copies_asset_network_exception_hash_and_payer_onto_the_session_the_history_filters()
    {
        var shop = await _core.NewMerchantAsync();
        var underpaid = await _world.SellAsync(shop, 10m);
        var payment = await _world.PickAsync(underpaid);
        await _world.PayAsync(payment, payment.Amount * 95 / 100, HistoryWorld.Hash('a'), HistoryWorld.Address('b'));
        var paid = await _world.SellAsync(shop, 20m);
        var paidPayment = await _world.PickAsync(paid, "USDT");
        await _world.PayAsync(paidPayment, paidPayment.Amount, HistoryWorld.Hash('c'), HistoryWorld.Address('d'));
        var untouched = await _world.SellAsync(shop, 30m);

        var rows = await _world.AllAsync(shop, new HistoryFilter());

        Assert.Equal([untouched.Id, paid.Id, underpaid.Id], rows.Select(r => r.Session.Id));
        var (under, full, none) = (rows[2].Session, rows[1].Session, rows[0].Session);
        Assert.Equal((PaymentStatus.Pending, PaymentException.Underpaid, "USDC", "polygon", HistoryWorld.Hash('a'), HistoryWorld.Address('b')),
            (under.Status, under.ExceptionStatus, under.Asset, under.Network, under.TxHash, under.Payer));
        Assert.Equal((PaymentStatus.Processing, PaymentException.None, "USDT", HistoryWorld.Hash('c'), HistoryWorld.Address('d')),
            (full.Status, full.ExceptionStatus, full.Asset, full.TxHash, full.Payer));
        Assert.Equal(payment.Id, rows[2].Transaction!.Id);
        Assert.Equal(HistoryWorld.Address('b'), rows[2].Transaction!.Payer);
        Assert.Null(none.Asset);
        Assert.Null(rows[0].Transaction);
    }

    [Fact]
    public async Task status_filters_see_an_overdue_pending_session_as_expired_before_the_sweeper_stores_it()
    {
        var shop = await _core.NewMerchantAsync();
        var overdue = await _world.SellAsync(shop);
        var canceled = await _world.SellAsync(shop);
        await _world.CancelAsync(canceled);
        _core.Time.Advance(TimeSpan.FromMinutes(20));
        var open = await _world.SellAsync(shop);
        var confirming = await _world.SellAsync(shop);
        var payment = await _world.PickAsync(confirming);
        await _world.PayAsync(payment, payment.Amount, HistoryWorld.Hash('1'), HistoryWorld.Address('2'));

        Assert.Equal([open.Id], await _world.IdsAsync(shop, new HistoryFilter { Status = PaymentStatus.Pending }));
        Assert.Equal([overdue.Id], await _world.IdsAsync(shop, new HistoryFilter { Status = PaymentStatus.Expired }));
        Assert.Equal([canceled.Id], await _world.IdsAsync(shop, new HistoryFilter { Status = PaymentStatus.Canceled }));
        Assert.Equal([confirming.Id], await _world.IdsAsync(shop, new HistoryFilter { Status = PaymentStatus.Processing }));
        Assert.Empty(await _world.IdsAsync(shop, new HistoryFilter { Status = PaymentStatus.Succeeded }));

        await _core.Get<SessionSweeper>().SweepAsync();
        Assert.Equal([overdue.Id], await _world.IdsAsync(shop, new HistoryFilter { Status = PaymentStatus.Expired }));
    }

    [Fact]
    public async Task exception_status_asset_network_amount_cashier_and_kind_each_narrow_the_list()
    {
        var shop = await _core.NewMerchantAsync();
        var cashier = Guid.NewGuid();
        var atTill = await _world.SellAsync(shop with { CashierId = cashier }, 42m);
        var inUsdt = await _world.SellAsync(shop, 100m);
        await _world.PickAsync(inUsdt, "USDT");
        var underpaid = await _world.SellAsync(shop, 250.5m);
        var payment = await _world.PickAsync(underpaid);
        await _world.PayAsync(payment, payment.Amount - 1_000_000, HistoryWorld.Hash('e'), HistoryWorld.Address('f'));
        var voucher = await _world.RedeemVoucherAsync(shop, "7");

        Assert.Equal([underpaid.Id], await _world.IdsAsync(shop, new HistoryFilter { ExceptionStatus = PaymentException.Underpaid }));
        Assert.Equal([voucher, inUsdt.Id, atTill.Id], await _world.IdsAsync(shop, new HistoryFilter { ExceptionStatus = PaymentException.None }));
        Assert.Equal([inUsdt.Id], await _world.IdsAsync(shop, new HistoryFilter { Asset = "usdt" }));
        Assert.Equal([voucher, underpaid.Id], await _world.IdsAsync(shop, new HistoryFilter { Asset = "USDC", Network = "Polygon" }));
        Assert.Equal([voucher, underpaid.Id, inUsdt.Id], await _world.IdsAsync(shop, new HistoryFilter { Network = "polygon" }));
        Assert.Empty(await _world.IdsAsync(shop, new HistoryFilter { Asset = "DOGE" }));
        Assert.Equal([atTill.Id], await _world.IdsAsync(shop, new HistoryFilter { MinAmount = 42m, MaxAmount = 42m }));
        Assert.Equal([underpaid.Id, inUsdt.Id], await _world.IdsAsync(shop, new HistoryFilter { MinAmount = 99.99m }));
        Assert.Equal([voucher, atTill.Id], await _world.IdsAsync(shop, new HistoryFilter { MaxAmount = 42m }));
        Assert.Equal([atTill.Id], await _world.IdsAsync(shop, new HistoryFilter { CashierId = cashier }));
        Assert.Equal([voucher], await _world.IdsAsync(shop, new HistoryFilter { Kind = SessionKind.Voucher }));
        Assert.Equal([underpaid.Id, inUsdt.Id], await _world.IdsAsync(shop, new HistoryFilter { Kind = SessionKind.Checkout, MinAmount = 50m }));
    }

    [Fact]
    public async Task a_date_range_includes_from_and_excludes_to()
    {
        var shop = await _core.NewMerchantAsync();
        var start = _world.Now;
        var first = await _world.SellAsync(shop);
        _core.Time.Advance(TimeSpan.FromHours(1));
        var second = await _world.SellAsync(shop);
        _core.Time.Advance(TimeSpan.FromHours(1));
        var third = await _world.SellAsync(shop);

        Assert.Equal([second.Id, first.Id], await _world.IdsAsync(shop, new HistoryFilter { From = start, To = start.AddHours(2) }));
        Assert.Equal([third.Id, second.Id], await _world.IdsAsync(shop, new HistoryFilter { From = start.AddHours(1) }));
        Assert.Equal([first.Id], await _world.IdsAsync(shop, new HistoryFilter { To = start.AddMinutes(59) }));
    }

    [Fact]
    public async Task free_text_finds_reference_and_descriptor_fragments_hashes_payers_and_ids()
    {
        var shop = await _core.NewMerchantAsync();
        var invoice = await _world.SellAsync(shop, descriptor: "Table 4", reference: "INV-2026-004711");
        var latte = await _world.SellAsync(shop, descriptor: "Oat Latte \"large\"", reference: "R-9");
        var paid = await _world.SellAsync(shop, descriptor: "Bagel");
        var payment = await _world.PickAsync(paid);
        var hash = "0x" + "5e1f" + new string('0', 60);
        var payer = "0x" + "c0ffee" + new string('7', 34);
        await _world.PayAsync(payment, payment.Amount, hash, payer);

        Assert.Equal([invoice.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = "4711" }));
        Assert.Equal([invoice.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = "inv-2026" }));
        Assert.Equal([latte.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = "LATTE" }));
        Assert.Equal([latte.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = "\"large\"" }));
        Assert.Equal([paid.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = hash }));
        Assert.Equal([paid.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = hash[..10].ToUpperInvariant().Replace("0X", "0x") }));
        Assert.Equal([paid.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = payer }));
        Assert.Equal([paid.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = payer[..12] }));
        Assert.Equal([latte.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = latte.Id.ToString() }));
        Assert.Empty(await _world.IdsAsync(shop, new HistoryFilter { Text = "espresso" }));
        Assert.Empty(await _world.IdsAsync(shop, new HistoryFilter { Text = "0x" + new string('9', 64) }));
        Assert.Equal([invoice.Id], await _world.IdsAsync(shop, new HistoryFilter { Text = "4711", MaxAmount = 10m, Status = PaymentStatus.Pending }));
    }

    [Fact]
    public async Task keyset_pages_return_every_session_once_in_order_even_when_timestamps_are_equal()
    {
        var shop = await _core.NewMerchantAsync();
        // The clock stands still: all 57 share one creation time, only the id orders them.
        var created = new List<Guid>();
        for (var i = 0; i < 57; i++)
        {
            created.Add((await _world.SellAsync(shop, 1m + i, tick: false)).Id);
        }

        var newestFirst = await _world.AllAsync(shop, new HistoryFilter(), limit: 10);
        var oldestFirst = await _world.AllAsync(shop, new HistoryFilter(), limit: 7, oldestFirst: true);

        var expected = created.Order(Comparer<Guid>.Create((a, b) => string.CompareOrdinal(a.ToString().ToUpperInvariant(), b.ToString().ToUpperInvariant()))).ToList();
        Assert.Equal(Enumerable.Reverse(expected), newestFirst.Select(r => r.Session.Id));
        Assert.Equal(expected, oldestFirst.Select(r => r.Session.Id));
    }

    [Fact]
    public async Task a_sale_made_while_paging_does_not_shift_or_repeat_the_pages_that_follow()
    {
        var shop = await _core.NewMerchantAsync();
        for (var i = 0; i < 12; i++)
        {
            await _world.SellAsync(shop);
            _core.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = (await History.PageAsync(shop.MerchantId, new HistoryQuery(new HistoryFilter()) { Limit = 5 })).Value!;
        var newcomer = await _world.SellAsync(shop);
        var second = (await History.PageAsync(shop.MerchantId, new HistoryQuery(new HistoryFilter()) { Limit = 5, Cursor = first.NextCursor })).Value!;
        var third = (await History.PageAsync(shop.MerchantId, new HistoryQuery(new HistoryFilter()) { Limit = 5, Cursor = second.NextCursor })).Value!;

        var seen = first.Rows.Concat(second.Rows).Concat(third.Rows).Select(r => r.Session.Id).ToList();
        Assert.Equal(12, seen.Distinct().Count());
        Assert.DoesNotContain(newcomer.Id, seen);
        Assert.Equal(2, third.Rows.Count);
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task another_stores_sessions_never_appear_whatever_the_filter()
    {
        var mine = await _core.NewMerchantAsync("Mine");
        var theirs = await _core.NewMerchantAsync("Theirs");
        var own = await _world.SellAsync(mine, 10m, "Latte", "INV-1");
        var foreign = await _world.SellAsync(theirs with { CashierId = Guid.NewGuid() }, 10m, "Latte", "INV-1");
        var foreignPayment = await _world.PickAsync(foreign);
        await _world.PayAsync(foreignPayment, foreignPayment.Amount, HistoryWorld.Hash('9'), HistoryWorld.Address('8'));
        await _world.RedeemVoucherAsync(theirs);

        foreach (var filter in new[]
        {
            new HistoryFilter(), new HistoryFilter { Text = "latte" }, new HistoryFilter { Text = "INV-1" }, new HistoryFilter { Text = HistoryWorld.Hash('9') },
            new HistoryFilter { Text = HistoryWorld.Address('8') }, new HistoryFilter { Text = foreign.Id.ToString() }, new HistoryFilter { Asset = "USDC" },
            new HistoryFilter { Status = PaymentStatus.Processing }, new HistoryFilter { MinAmount = 10m, MaxAmount = 10m }, new HistoryFilter { Kind = SessionKind.Voucher },
            new HistoryFilter { CashierId = foreign.CashierId },
        })
        {
            Assert.All(await _world.AllAsync(mine, filter), row => Assert.Equal(mine.MerchantId, row.Session.MerchantId));
            var exported = await History.ExportAsync(mine.MerchantId, filter).ToListAsync();
            Assert.All(exported, row => Assert.Equal(mine.MerchantId, row.Session.MerchantId));
        }

        Assert.Equal([own.Id], await _world.IdsAsync(mine, new HistoryFilter { Text = "latte" }));
        Assert.Equal(new HistoryCount(1, false), (await History.CountAsync(mine.MerchantId, new HistoryFilter())).Value);
    }

    [Fact]
    public async Task a_cursor_is_refused_under_other_filters_another_order_or_when_it_is_not_ours()
    {
        var shop = await _core.NewMerchantAsync();
        for (var i = 0; i < 3; i++)
        {
            await _world.SellAsync(shop, 10m + i);
        }

        var cursor = (await History.PageAsync(shop.MerchantId, new HistoryQuery(new HistoryFilter { MaxAmount = 50m }) { Limit = 1 })).Value!.NextCursor!;

        Assert.True((await History.PageAsync(shop.MerchantId, new HistoryQuery(new HistoryFilter { MaxAmount = 50m }) { Limit = 1, Cursor = cursor })).Ok);
        foreach (var query in new[]
        {
            new HistoryQuery(new HistoryFilter()) { Cursor = cursor },
            new HistoryQuery(new HistoryFilter { MaxAmount = 51m }) { Cursor = cursor },
            new HistoryQuery(new HistoryFilter { MaxAmount = 50m }) { Cursor = cursor, OldestFirst = true },
            new HistoryQuery(new HistoryFilter { MaxAmount = 50m }) { Cursor = "not-a-cursor" },
            new HistoryQuery(new HistoryFilter { MaxAmount = 50m }) { Cursor = cursor[..^2] },
        })
        {
            var refused = await History.PageAsync(shop.MerchantId, query);
            Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
            Assert.Contains("cursor", refused.Error!.Fields!.Keys);
        }

        // Another store's cursor is only a position: it shows nothing of that store.
        var other = await _core.NewMerchantAsync("Other");
        var page = await History.PageAsync(other.MerchantId, new HistoryQuery(new HistoryFilter { MaxAmount = 50m }) { Cursor = cursor });
        Assert.Empty(page.Value!.Rows);
    }

    [Theory]
    [InlineData(0, 0, "limit")]
    [InlineData(201, 0, "limit")]
    [InlineData(50, -1, "skip")]
    [InlineData(50, 10_001, "skip")]
    public async Task page_size_and_skip_out_of_range_are_refused_naming_the_field(int limit, int skip, string field)
    {
        var refused = await History.PageAsync(Guid.NewGuid(), new HistoryQuery(new HistoryFilter()) { Limit = limit, Skip = skip });

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
        Assert.Equal([field], refused.Error!.Fields!.Keys);
    }

    [Fact]
    public async Task skip_jumps_ahead_and_count_counts_up_to_its_cap()
    {
        var shop = await _core.NewMerchantAsync();
        var sold = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            sold.Add((await _world.SellAsync(shop, 5m + i)).Id);
            _core.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var page = (await History.PageAsync(shop.MerchantId, new HistoryQuery(new HistoryFilter()) { Limit = 3, Skip = 3 })).Value!;

        Assert.Equal([sold[4], sold[3], sold[2]], page.Rows.Select(r => r.Session.Id));
        Assert.Equal(new HistoryCount(8, false), (await History.CountAsync(shop.MerchantId, new HistoryFilter())).Value);
        Assert.Equal(new HistoryCount(3, false), (await History.CountAsync(shop.MerchantId, new HistoryFilter { MinAmount = 10m })).Value);
    }

    [Fact]
    public async Task the_export_streams_every_match_newest_first_with_its_transaction()
    {
        var shop = await _core.NewMerchantAsync();
        var sold = new List<Guid>();
        for (var i = 0; i < 120; i++)
        {
            var session = await _world.SellAsync(shop, 1m + i);
            sold.Add(session.Id);
            if (i % 40 == 0)
            {
                await _world.PickAsync(session);
            }

            _core.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var exported = await History.ExportAsync(shop.MerchantId, new HistoryFilter()).ToListAsync();
        var picked = await History.ExportAsync(shop.MerchantId, new HistoryFilter { Asset = "USDC" }).ToListAsync();

        Assert.Equal(Enumerable.Reverse(sold), exported.Select(r => r.Session.Id));
        Assert.Equal([sold[80], sold[40], sold[0]], picked.Select(r => r.Session.Id));
        Assert.All(picked, row => Assert.Equal(row.Session.TransactionId, row.Transaction!.Id));
        await Assert.ThrowsAsync<ArgumentException>(async () => await History.ExportAsync(shop.MerchantId, new HistoryFilter { Text = "ab" }).ToListAsync());
    }
}
