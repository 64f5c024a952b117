using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>A save finds the changes once, before the interceptors, and still saves every change with its events.</summary>
public sealed class DetectChangesOnceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private DateTime Now => _core.Get<TimeProvider>().GetUtcNow().UtcDateTime;

    private Task<PayDbContext> DbAsync() => _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task a_change_the_tracker_was_not_told_of_is_found_once_and_saved_with_its_event()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await _core.Get<SessionService>().CreateAsync(merchant, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;

        await using (var db = await DbAsync())
        {
            var tracked = await db.Sessions.FirstAsync(s => s.Id == session.Id);
            Assert.True(tracked.Cancel(Now)); // plain property changes: only a look at the snapshot finds them
            var looks = 0;
            db.ChangeTracker.DetectingAllChanges += (_, _) => looks++;

            await db.SaveChangesAsync();

            Assert.Equal(1, looks);
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        }

        await using var check = await DbAsync();
        Assert.Equal(PaymentStatus.Canceled, (await check.Sessions.AsNoTracking().FirstAsync(s => s.Id == session.Id)).Status);
        Assert.Contains("session.status_changed", await check.Events.Where(e => e.SessionId == session.Id).Select(e => e.Type).ToListAsync());
    }

    [Fact]
    public async Task a_failed_save_leaves_the_context_looking_for_changes_again()
    {
        var merchant = await _core.NewMerchantAsync();
        var session = (await _core.Get<SessionService>().CreateAsync(merchant, new CreateSessionRequest(Amount: 3m, AmountCurrency: "USD"))).Value!;

        await using var db = await DbAsync();
        db.Sessions.Add(await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == session.Id)); // the same id again: the key refuses it
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        db.ChangeTracker.Clear();
        var tracked = await db.Sessions.FirstAsync(s => s.Id == session.Id);
        Assert.True(tracked.Cancel(Now));
        await db.SaveChangesAsync();
        Assert.Equal(PaymentStatus.Canceled, (await db.Sessions.AsNoTracking().FirstAsync(s => s.Id == session.Id)).Status);
    }
}
