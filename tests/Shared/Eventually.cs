namespace PaySessions.Tests.Shared;

/// <summary>Waits for something the app reaches on its own (background monitor, notifier), failing after 20 s.</summary>
public static class Eventually
{
    public static Task Async(Func<bool> condition) => Async(() => Task.FromResult(condition()));

    public static async Task Async(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition was not reached within 20 s.");
            }

            await Task.Delay(25);
        }
    }
}
