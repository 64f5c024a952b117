using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaySessions.Core.Tests.Support;

/// <summary>
/// Stands between the monitor and anvil on 127.0.0.1 and can be switched off, to play an RPC outage:
/// while down it answers 503, or (when <see cref="Throttle"/> is set) 429 like a rate-limited provider.
/// </summary>
public sealed class RpcProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();

    private RpcProxy(WebApplication app) => _app = app;

    public volatile bool Down;

    public volatile bool Throttle;

    public int Refused;

    public string Url { get; private set; } = "";

    public static async Task<RpcProxy> StartAsync(string target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new RpcProxy(app);
        app.MapPost("/", async (HttpContext http) =>
        {
            if (proxy.Down || proxy.Throttle)
            {
                Interlocked.Increment(ref proxy.Refused);
                http.Response.StatusCode = proxy.Throttle ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable;
                return;
            }

            using var body = new StreamContent(http.Request.Body);
            body.Headers.ContentType = new("application/json");
            using var response = await proxy._upstream.PostAsync(target, body, http.RequestAborted);
            http.Response.StatusCode = (int)response.StatusCode;
            http.Response.ContentType = "application/json";
            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        });
        await app.StartAsync();
        proxy.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
