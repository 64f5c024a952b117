namespace PaySessions.Core.Persistence;

/// <summary>
/// SQLite has one writer at a time anyway. Funnelling our read-decide-write sequences through one gate
/// keeps them serial (no lost updates between check and insert) and keeps writers off SQLITE_BUSY.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
