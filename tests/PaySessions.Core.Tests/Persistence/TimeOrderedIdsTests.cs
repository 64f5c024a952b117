using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>
/// Sessions and payments get time-ordered ids (UUID version 7), so each new row lands at the end of the indexes that
/// start with its id rather than on a random page of them: the order SQLite sorts the stored ids in is the order they
/// were made in.
/// </summary>
public sealed class TimeOrderedIdsTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task stored_session_and_payment_ids_sort_in_the_order_they_were_made()
    {
        var store = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var made = new List<(Guid Session, Guid Payment)>();
        for (var i = 0; i < 30; i++)
        {
            var session = (await sessions.CreateAsync(store, new CreateSessionRequest(Amount: 3m + i, AmountCurrency: "USD"))).Value!;
            var payment = (await sessions.PickAsync(session.Id, store.MerchantId, "USDC", "polygon")).Value!;
            made.Add((session.Id, payment.Id));
            await Task.Delay(2); // a new millisecond: within one, version 7 ids are ordered only by their random part
        }

        Assert.All(made, m => Assert.Equal(7, m.Session.Version));
        Assert.All(made, m => Assert.Equal(7, m.Payment.Version));
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var sessionOrder = await db.Database.SqlQueryRaw<string>("SELECT \"Id\" AS \"Value\" FROM \"Sessions\" ORDER BY \"Id\"").ToListAsync();
        var paymentOrder = await db.Database.SqlQueryRaw<string>("SELECT \"Id\" AS \"Value\" FROM \"Payments\" ORDER BY \"Id\"").ToListAsync();
        Assert.Equal(made.Select(m => m.Session), sessionOrder.Select(Guid.Parse));
        Assert.Equal(made.Select(m => m.Payment), paymentOrder.Select(Guid.Parse));
    }
}
