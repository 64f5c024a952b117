using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Hubs;

/// <summary>
/// The Node hub client the hub tests rely on, checked on its own: against nothing, and against a stand-in hub served
/// by ASP.NET Core SignalR itself (the app's hub is tested through this client elsewhere).
/// </summary>
public sealed class HubClientToolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task the_client_reports_failed_and_exits_2_when_nothing_listens_at_the_url()
    {
        await using var client = HubClient.Start($"http://127.0.0.1:{ClosedPort()}/hubs/events", "any-token");

        var failure = await Assert.ThrowsAsync<HubClientFailedException>(() => client.Connected.WaitAsync(Patience));
        Assert.Contains("Failed to complete negotiation with the server", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, await client.Exited.WaitAsync(Patience));
    }

    [Fact]
    public async Task the_client_connects_over_websockets_with_its_token_as_a_bearer_header_and_hears_every_event()
    {
        await using var hub = await StandInHub.StartAsync();
        await using var client = await HubClient.StartAsync(hub.Url, "tok_123");

        Assert.Equal("WebSockets", await client.Connected);
        var hello = (await client.WaitForEventsAsync(e => e.Count == 1, Patience))[0];
        Assert.Equal("WebSockets", hello.GetProperty("transport").GetString());
        Assert.Equal("Bearer tok_123", hello.GetProperty("authorization").GetString());
        Assert.Equal("", hello.GetProperty("accessTokenQuery").GetString());

        await hub.BroadcastAsync(new { type = "session.paid", amount = "12.34" });
        var events = await client.WaitForEventsAsync(e => e.Count == 2, Patience);
        Assert.Equal("12.34", events[1].GetProperty("amount").GetString());
    }

    [Fact]
    public async Task the_client_reports_a_clean_close_when_told_to_stop_and_the_error_when_the_hub_goes_away()
    {
        await using var hub = await StandInHub.StartAsync();
        var stopped = await HubClient.StartAsync(hub.Url, "tok_a");
        await using var abandoned = await HubClient.StartAsync(hub.Url, "tok_b");

        await stopped.DisposeAsync();
        Assert.Null(await stopped.Closed.WaitAsync(Patience));
        Assert.Equal(0, await stopped.Exited.WaitAsync(Patience));

        await hub.DisposeAsync();
        Assert.StartsWith("WebSocket closed with status code: 1006", await abandoned.Closed.WaitAsync(Patience), StringComparison.Ordinal);
        Assert.Equal(0, await abandoned.Exited.WaitAsync(Patience));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A hub that greets each connection with what it saw of it, and broadcasts on request.</summary>
    private sealed class EchoHub : Hub
    {
        public override Task OnConnectedAsync()
        {
            var request = Context.GetHttpContext()!.Request;
            return Clients.Caller.SendAsync("event", new
            {
                transport = Context.Features.Get<IHttpTransportFeature>()!.TransportType.ToString(),
                authorization = request.Headers.Authorization.ToString(),
                accessTokenQuery = request.Query["access_token"].ToString(),
            });
        }
    }

    private sealed class StandInHub(WebApplication app, string url) : IAsyncDisposable
    {
        private bool _stopped;

        public string Url { get; } = url;

        public static async Task<StandInHub> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSignalR();
            var app = builder.Build();
            app.MapHub<EchoHub>("/hubs/events");
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new StandInHub(app, address + "/hubs/events");
        }

        public Task BroadcastAsync(object payload) =>
            app.Services.GetRequiredService<IHubContext<EchoHub>>().Clients.All.SendAsync("event", payload);

        public async ValueTask DisposeAsync()
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
