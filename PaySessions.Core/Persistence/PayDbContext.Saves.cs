using PaySessions.Core.Events;

namespace PaySessions.Core.Persistence;

/// <summary>What one use of a context carries through its saves (who acts, what goes stale, which events wait for the commit), and how a save looks for changes.</summary>
public sealed partial class PayDbContext
{
    /// <summary>Who is acting through this context (<see cref="Actors"/>): stamped on the events its saves record.</summary>
    public string? Actor { get; set; }

    /// <summary>
    /// Finds the changes once per save. EF Core looks for changes on every walk of the tracked entries while it may, and
    /// a save walks them four times: the hot-rows and event interceptors each, the save itself, and the events' clean-up
    /// after it. The changes are found here, before any of them, and the walks that follow take them as found; what the
    /// interceptors do in between only adds rows, which needs no looking for.
    /// </summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <inheritdoc cref="SaveChanges(bool)"/>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    public override void Dispose()
    {
        ForgetThisUse();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ForgetThisUse();
        return base.DisposeAsync();
    }

    /// <summary>Contexts are pooled: what one use of this instance set must not reach the next.</summary>
    private void ForgetThisUse()
    {
        Actor = null;
        Stale.Clear();
        _committing = CommittedChanges.None;
    }

    /// <summary>What this context's writes made stale in <see cref="HotRows"/> until they commit (see <see cref="HotRowsInterceptor"/>).</summary>
    internal StaleRows Stale { get; } = new();

    /// <summary>Events being saved right now, with their log rows and messages (see <see cref="EventDispatcher"/>).</summary>
    internal OutgoingChanges? Outgoing { get; set; }

    private CommittedChanges _committing = CommittedChanges.None;

    internal void HoldUntilCommit(OutgoingChanges outgoing) => _committing = _committing.With(outgoing);

    internal CommittedChanges TakeCommitted()
    {
        var taken = _committing;
        _committing = CommittedChanges.None;
        return taken;
    }
}
