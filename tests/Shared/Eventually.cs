using Xunit.Sdk;

namespace PaySessions.Tests.Shared;

/// <summary>Waits for something the app reaches on its own (background monitor, notifier), failing after 20 s.</summary>
public static class Eventually
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static Task Async(Func<bool> condition) => Async(() => Task.FromResult(condition()));

    public static async Task Async(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition was not reached within 20 s.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Retries an assertion until it passes. On timeout the last assertion failure is rethrown, so the test reports
    /// what was still wrong ("expected 1, got 0") rather than only that time ran out. Other exceptions fail at once.
    /// </summary>
    public static async Task Async(Func<Task> assertion, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? Timeout);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (XunitException) when (DateTime.UtcNow <= deadline)
            {
                // Not there yet. A failure after the deadline is not caught: it reaches the test as it is.
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Like the assertion form, and hands back what the passing attempt read.</summary>
    public static async Task<T> Async<T>(Func<Task<T>> read, TimeSpan? within = null)
    {
        T value = default!;
        await Async(async () => { value = await read(); }, within);
        return value;
    }
}
