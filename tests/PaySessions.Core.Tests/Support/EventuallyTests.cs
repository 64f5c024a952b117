using PaySessions.Tests.Shared;
using Xunit.Sdk;

namespace PaySessions.Core.Tests.Support;

public sealed class EventuallyTests
{
    [Fact]
    public async Task an_assertion_is_retried_until_it_passes()
    {
        var attempts = 0;

        await Eventually.Async(() =>
        {
            Assert.Equal(3, ++attempts);
            return Task.CompletedTask;
        });

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task on_timeout_the_last_assertion_failure_is_what_the_test_sees()
    {
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<EqualException>(() => Eventually.Async(
            () =>
            {
                attempts++;
                Assert.Equal("settled", "pending");
                return Task.CompletedTask;
            },
            within: TimeSpan.FromMilliseconds(200)));

        Assert.Contains("pending", failure.Message);
        Assert.True(attempts > 1, $"retried {attempts} time(s)");
    }

    [Fact]
    public async Task an_error_that_is_not_an_assertion_fails_at_once()
    {
        var attempts = 0;
        Func<Task> broken = () =>
        {
            attempts++;
            throw new InvalidOperationException("the node is gone");
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.Async(broken));

        Assert.Equal(1, attempts);
    }
}
