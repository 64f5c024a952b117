using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Events;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>Who did it: a manual change carries its actor into the event log; the app's own changes and later saves carry none.</summary>
public sealed class EventActorTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task a_cancel_by_a_user_is_logged_with_that_user_and_the_next_change_is_not()
    {
        var merchant = await _core.NewMerchantAsync();
        var sessions = _core.Get<SessionService>();
        var user = Guid.NewGuid();
        var canceled = (await sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;
        var untouched = (await sessions.CreateAsync(merchant, new CreateSessionRequest(Amount: 4m, AmountCurrency: "USD"))).Value!;

        await sessions.CancelAsync(canceled.Id, merchant.MerchantId, actor: Actors.User(user));
        await sessions.CancelAsync(untouched.Id, merchant.MerchantId);

        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        var byUser = (await db.Events.Where(e => e.SessionId == canceled.Id && e.Type == "session.status_changed").SingleAsync()).ToEvent()!;
        var anonymous = (await db.Events.Where(e => e.SessionId == untouched.Id && e.Type == "session.status_changed").SingleAsync()).ToEvent()!;
        var created = (await db.Events.Where(e => e.SessionId == canceled.Id && e.Type == "session.created").SingleAsync()).ToEvent()!;
        Assert.Equal(user, Actors.UserId(byUser.Actor));
        Assert.Null(anonymous.Actor);
        Assert.Null(created.Actor);
    }
}
