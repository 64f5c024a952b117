using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Events;
using PaySessions.Core.Merchants;
using PaySessions.Core.Notifications;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>Writes that arrive together commit together, on a real SQLite file; one failing write never takes another with it.</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private HeardEvents _heard = null!;

    public async Task InitializeAsync()
    {
        _core = await CoreHarness.StartAsync();
        _heard = new HeardEvents(_core.Get<SessionNotifier>());
    }

    public async Task DisposeAsync()
    {
        _heard.Dispose();
        await _core.DisposeAsync();
    }

    private GroupCommit Writer => _core.Get<GroupCommit>();

    private SessionService Sessions => _core.Get<SessionService>();

    private Task<PayDbContext> DbAsync() => _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();

    /// <summary>Starts the writes while another writer holds the gate, so they queue; returns them once all are queued.</summary>
    private async Task<List<Task<T>>> QueuedAsync<T>(int count, Func<int, Task<T>> write, Func<Task>? whileQueued = null)
    {
        var started = new List<Task<T>>();
        using (await _core.Get<WriteGate>().EnterAsync())
        {
            for (var i = 0; i < count; i++)
            {
                started.Add(write(i));
            }

            await Eventually.Async(() => Writer.Waiting == count); // every write queued behind the held gate
            if (whileQueued is not null)
            {
                await whileQueued();
            }
        }

        return started;
    }

    private async Task<int> HeardAsync(Guid sessionId, string type)
    {
        await Task.Delay(200); // publication follows the commit on the caller's side; give a late duplicate the time to show
        return _heard.All.Count(e => e.SessionId == sessionId && e.Type == type);
    }

    [Fact]
    public async Task sales_created_together_are_committed_in_one_transaction_and_each_answered_once_stored()
    {
        var store = await _core.NewMerchantAsync();
        var commitsBefore = Writer.Commits;
        var creates = await QueuedAsync(20, i => Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 10m + i, AmountCurrency: "USD")));

        var created = (await Task.WhenAll(creates)).Select(r => r.Value!).ToList();

        Assert.Equal(1, Writer.Commits - commitsBefore);
        await using var db = await DbAsync();
        var stored = await db.Sessions.Where(s => s.MerchantId == store.MerchantId).ToDictionaryAsync(s => s.Id, s => s.Amount);
        Assert.Equal(created.ToDictionary(s => s.Id, s => s.Amount), stored);
        Assert.Equal(20, created.Select(s => s.Id).Distinct().Count());
        Assert.Equal(1, await HeardAsync(created[7].Id, "session.created"));
    }

    [Fact]
    public async Task a_batch_takes_the_gate_once_and_its_writers_do_not_wait_for_it_again()
    {
        var store = await _core.NewMerchantAsync();
        var entriesBefore = Writer.GateEntries;
        var creates = await QueuedAsync(20, i => Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 20m + i, AmountCurrency: "USD")));

        await Task.WhenAll(creates);

        Assert.Equal(1, Writer.GateEntries - entriesBefore); // one drainer took the gate for the batch; none of the 20 took it after
        Assert.Equal(0, Writer.Waiting);
    }

    [Fact]
    public async Task writes_queued_while_a_batch_runs_are_taken_by_the_next_batch_and_none_is_left()
    {
        var store = await _core.NewMerchantAsync();
        var commitsBefore = Writer.Commits;
        var creates = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 1m + i, AmountCurrency: "USD"))))
            .ToList();

        var created = (await Task.WhenAll(creates).WaitAsync(TimeSpan.FromSeconds(30))).Select(r => r.Value!).ToList();

        Assert.Equal(200, created.Select(s => s.Id).Distinct().Count());
        Assert.InRange(Writer.Commits - commitsBefore, 200 / GroupCommit.MaxBatch, 200);
        await using var db = await DbAsync();
        Assert.Equal(200, await db.Sessions.CountAsync(s => s.MerchantId == store.MerchantId));
        Assert.Equal(0, Writer.Waiting);
    }

    [Fact]
    public async Task picks_queued_together_each_get_their_own_unique_amount()
    {
        var store = await _core.NewMerchantAsync();
        var sales = new List<PaySession>();
        for (var i = 0; i < 12; i++)
        {
            sales.Add((await Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 5m, AmountCurrency: "USD"))).Value!);
        }

        var picks = await QueuedAsync(sales.Count, i => Sessions.PickAsync(sales[i].Id, store.MerchantId, "USDC", "polygon"));

        var payments = (await Task.WhenAll(picks)).Select(r => r.Value!).ToList();
        Assert.Equal(sales.Count, payments.Select(p => p.Amount).Distinct().Count());
        await using var db = await DbAsync();
        Assert.Equal(sales.Count, await db.Payments.CountAsync(p => p.MerchantId == store.MerchantId && p.Status == PaymentStatus.Pending));
    }

    [Fact]
    public async Task a_write_that_throws_fails_alone_and_the_others_are_stored_once()
    {
        var store = await _core.NewMerchantAsync();
        var merchant = (await _core.Get<MerchantRegistry>().FindAsync(store.MerchantId))!;
        var writes = await QueuedAsync(3, i => Writer.RunAsync(async (db, ct) =>
        {
            var session = PaySession.OpenCheckout(merchant, new CreateSessionRequest(Amount: 1m + i, AmountCurrency: "USD"), _core.Time.GetUtcNow().UtcDateTime);
            db.Sessions.Add(session);
            await db.SaveChangesAsync(ct);
            return i == 1 ? throw new InvalidOperationException("the middle write breaks after saving") : session;
        }));

        var first = await writes[0];
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        var third = await writes[2];

        Assert.Equal("the middle write breaks after saving", failure.Message);
        await using var db = await DbAsync();
        var amounts = (await db.Sessions.Where(s => s.MerchantId == store.MerchantId).Select(s => s.Amount).ToListAsync()).Order().ToList();
        Assert.Equal([1m, 3m], amounts); // nothing of the failed write is kept, although it saved before it threw
        Assert.Equal(1, await HeardAsync(first.Id, "session.created"));
        Assert.Equal(1, await HeardAsync(third.Id, "session.created"));
    }

    [Fact]
    public async Task a_refused_write_leaves_nothing_for_the_next_one_to_save()
    {
        var store = await _core.NewMerchantAsync();
        var sale = (await Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 4m, AmountCurrency: "USD"))).Value!;
        var writes = await QueuedAsync(2, i => Writer.RunAsync(async (db, ct) =>
        {
            var session = await db.Sessions.FirstAsync(s => s.Id == sale.Id, ct);
            if (i == 0)
            {
                session.Cancel(_core.Time.GetUtcNow().UtcDateTime, "changed, then refused without saving");
                return "refused";
            }

            await db.SaveChangesAsync(ct); // saves only what this write changed: nothing
            return "saved";
        }));

        Assert.Equal(["refused", "saved"], await Task.WhenAll(writes));
        await using var db = await DbAsync();
        Assert.Equal(PaymentStatus.Pending, (await db.Sessions.FirstAsync(s => s.Id == sale.Id)).Status);
        Assert.Equal(0, await HeardAsync(sale.Id, "session.status_changed"));
    }

    [Fact]
    public async Task a_caller_that_left_before_its_turn_is_not_written()
    {
        var store = await _core.NewMerchantAsync();
        using var leaving = new CancellationTokenSource();
        var writes = await QueuedAsync(
            2,
            i => Sessions.CreateAsync(store, new CreateSessionRequest(Amount: 7m + i, AmountCurrency: "USD"), i == 0 ? leaving.Token : CancellationToken.None),
            whileQueued: leaving.CancelAsync);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writes[0]);
        Assert.True((await writes[1]).Ok);
        await using var db = await DbAsync();
        Assert.Equal([8m], await db.Sessions.Where(s => s.MerchantId == store.MerchantId).Select(s => s.Amount).ToListAsync());
    }
}
