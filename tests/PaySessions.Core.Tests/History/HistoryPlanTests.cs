using Microsoft.EntityFrameworkCore;
using PaySessions.Core.History;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.History;

/// <summary>
/// Whichever index the plan walks (it depends on how many rows match, so a small test database takes one path and a
/// large store another), a filter returns the same sessions; and every index a plan may name exists.
/// </summary>
public sealed class HistoryPlanTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private HistoryWorld _world = null!;

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.StartAsync();
        _world = new HistoryWorld(_core);
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    public static TheoryData<string, string> Alternatives => new()
    {
        { "text", nameof(HistoryDriver.Matches) },
        { "hex", nameof(HistoryDriver.Matches) },
        { "amount", nameof(HistoryDriver.Amount) },
        { "status", nameof(HistoryDriver.Status) },
        { "pending", nameof(HistoryDriver.Status) },
        { "exception", nameof(HistoryDriver.Exception) },
        { "asset", nameof(HistoryDriver.Asset) },
        { "cashier", nameof(HistoryDriver.Cashier) },
        { "id", nameof(HistoryDriver.SessionId) },
    };

    [Theory]
    [MemberData(nameof(Alternatives))]
    public async Task a_filter_returns_the_same_sessions_through_its_own_index_and_through_the_time_index(string criterion, string driver)
    {
        var shop = await _core.NewMerchantAsync();
        var other = await _core.NewMerchantAsync("Other");
        var cashier = Guid.NewGuid();
        var sessions = new List<Guid>();
        foreach (var merchant in new[] { shop, other })
        {
            for (var i = 0; i < 12; i++)
            {
                var session = await _world.SellAsync(i % 3 == 0 ? merchant with { CashierId = cashier } : merchant, 5m * (i + 1), i % 2 == 0 ? "Oat LATTE 50%_off" : "Bagel", $"INV-{i:D4}");
                sessions.Add(session.Id);
                if (i % 4 == 1)
                {
                    await _world.CancelAsync(session);
                }
                else if (i % 4 == 2)
                {
                    var payment = await _world.PickAsync(session, i % 8 == 2 ? "USDT" : "USDC");
                    await _world.PayAsync(payment, payment.Amount * 96 / 100, HistoryWorld.Hash((char)('a' + (i % 6))), HistoryWorld.Address('c'));
                }
            }
        }

        var filter = criterion switch
        {
            "text" => new HistoryFilter { Text = "latte 50%_" },
            "hex" => new HistoryFilter { Text = HistoryWorld.Address('c')[..12] },
            "amount" => new HistoryFilter { MinAmount = 15m, MaxAmount = 40m },
            "status" => new HistoryFilter { Status = PaymentStatus.Canceled },
            "pending" => new HistoryFilter { Status = PaymentStatus.Pending },
            "exception" => new HistoryFilter { ExceptionStatus = PaymentException.Underpaid },
            "asset" => new HistoryFilter { Asset = "USDT", Network = "polygon" },
            "cashier" => new HistoryFilter { CashierId = cashier },
            _ => new HistoryFilter { Text = sessions[3].ToString() },
        };

        var own = await IdsAsync(shop.MerchantId, filter, Enum.Parse<HistoryDriver>(driver));
        var walked = await IdsAsync(shop.MerchantId, filter, HistoryDriver.Time);

        Assert.NotEmpty(own);
        Assert.Equal(walked.Order(), own.Order());
        Assert.Equal((await _world.IdsAsync(shop, filter)).Order(), own.Order());
    }

    private async Task<List<Guid>> IdsAsync(Guid merchantId, HistoryFilter filter, HistoryDriver driver)
    {
        var text = filter.Text is { } q ? HistoryText.Parse(q).Value : null;
        var sql = HistorySql.For(merchantId, filter, text, after: null, _world.Now, driver);
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        return await db.Sessions.FromSqlRaw(sql.Sql, sql.Parameters).Select(s => s.Id).ToListAsync();
    }
}
