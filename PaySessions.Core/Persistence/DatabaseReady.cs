namespace PaySessions.Core.Persistence;

/// <summary>
/// Whether the database has been prepared for this process (schema, saved network settings, the first owner): set once
/// by <see cref="CoreServiceCollectionExtensions.PreparePaySessionsAsync"/>. The host starts while the database is being
/// prepared, so the background services and the request pipeline wait here before their first read; they never see a
/// file without its schema or the networks before their saved settings.
/// </summary>
public sealed class DatabaseReady
{
    private readonly TaskCompletionSource _prepared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Prepared, and it went well (the cheap check on every request).</summary>
    public bool IsPrepared => _prepared.Task.IsCompletedSuccessfully;

    /// <summary>
    /// Waits until the database is prepared: true then, false when preparing it failed (start-up reports that failure
    /// and stops the host, so the caller should do nothing more). Throws only when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task<bool> WhenPreparedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _prepared.Task.WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception) when (_prepared.Task.IsFaulted)
        {
            return false;
        }
    }

    internal void Prepared() => _prepared.TrySetResult();

    internal void Failed(Exception failure)
    {
        if (_prepared.TrySetException(failure))
        {
            _ = _prepared.Task.Exception; // observed: the failure is reported by start-up, not again by the finalizer
        }
    }
}
