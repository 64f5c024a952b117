using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaySessions.Core.Chain;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Persistence;

/// <summary>The host starts while the database is prepared: the background services wait for it, and a failure stops them.</summary>
public sealed class DatabaseReadyTests
{
    private static readonly Dictionary<string, string?> Watching = new()
    {
        ["Chain:MonitorEnabled"] = "true",
        ["Networks:polygon:RpcUrls:0"] = "http://127.0.0.1:9",
    };

    [Fact]
    public async Task background_services_started_before_the_database_is_prepared_touch_nothing_until_it_is()
    {
        await using var harness = CoreHarness.Unprepared(Watching);
        var services = harness.Services.GetServices<IHostedService>().ToList();
        foreach (var service in services)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            // Past the checkpointer's first tick and the sweeper's, webhook sender's and refund verifier's first passes.
            await Task.Delay(WalCheckpointer.Interval * 1.5);
            Assert.False(File.Exists(harness.DatabasePath), "a background service opened the database before it was prepared");
            Assert.Null(harness.Get<ChainMonitor>().Watching("polygon"));

            await harness.Services.PreparePaySessionsAsync();

            Assert.True(harness.Get<DatabaseReady>().IsPrepared);
            await Eventually.Async(() => harness.Get<ChainMonitor>().Watching("polygon") is not null);
        }
        finally
        {
            foreach (var service in services)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task a_failed_preparation_lets_the_waiting_services_end_quietly()
    {
        var ready = new DatabaseReady();
        var waiting = ready.WhenPreparedAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        ready.Failed(new InvalidOperationException("the disk is full"));

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(ready.IsPrepared);
        Assert.False(await ready.WhenPreparedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task a_wait_ends_when_the_host_stops_first()
    {
        var ready = new DatabaseReady();
        using var stopping = new CancellationTokenSource();
        var waiting = ready.WhenPreparedAsync(stopping.Token);

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        ready.Prepared();
        Assert.True(await ready.WhenPreparedAsync(CancellationToken.None));
    }
}
