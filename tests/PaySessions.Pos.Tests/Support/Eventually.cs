namespace PaySessions.Pos.Tests.Support;

public static class Eventually
{
    /// <summary>Polls a condition the app reaches on its own (the chain monitor runs in the background), failing after 20 s.</summary>
    public static async Task Async(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition was not reached within 20 s");
            await Task.Delay(50);
        }
    }
}
