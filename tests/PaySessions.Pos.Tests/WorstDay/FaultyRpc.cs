using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>What the node in front of the chain does wrong.</summary>
public enum RpcFault
{
    None,
    Drop,
    Delay,
    TooManyRequests,
    Truncated,
    Garbage,
    Behind,
    OtherChain,
    FlipForks,
}

/// <summary>
/// A JSON-RPC node that misbehaves on demand, on 127.0.0.1: it stands in front of anvil and drops connections, answers
/// late, rate-limits, cuts or garbles its JSON, lags <see cref="BlocksBehind"/> blocks, serves another chain, or
/// answers each call from one of two forks at random.
/// </summary>
public sealed class FaultyRpc : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();
    private readonly string _main;
    private readonly string _fork;
    private long _injected;

    private FaultyRpc(WebApplication app, string main, string fork) => (_app, _main, _fork) = (app, main, fork);

    public volatile RpcFault Fault;

    public int BlocksBehind { get; set; } = 5;

    public long Injected => Interlocked.Read(ref _injected);

    public string Url { get; private set; } = "";

    /// <param name="main">The chain the store is paid on.</param>
    /// <param name="fork">A second node with the same chain id but its own blocks: the other side of a fork.</param>
    public static async Task<FaultyRpc> StartAsync(string main, string fork)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new FaultyRpc(app, main, fork);
        app.MapPost("/", proxy.AnswerAsync);
        await app.StartAsync();
        proxy.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return proxy;
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var request = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!;
        var fault = Fault;
        if (fault != RpcFault.None)
        {
            Interlocked.Increment(ref _injected);
        }

        switch (fault)
        {
            case RpcFault.Drop:
                http.Abort();
                return;
            case RpcFault.TooManyRequests:
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = "1";
                return;
            case RpcFault.Garbage:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>{\"result\":");
                return;
            case RpcFault.Delay:
                await Task.Delay(1_500, http.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                break;
        }

        var method = request["method"]?.GetValue<string>();
        var target = fault == RpcFault.OtherChain || (fault == RpcFault.FlipForks && Random.Shared.Next(2) == 0) ? _fork : _main;
        string answer;
        if (fault == RpcFault.OtherChain && method == "eth_chainId")
        {
            answer = $$"""{"jsonrpc":"2.0","id":{{request["id"]!.ToJsonString()}},"result":"0x1"}""";
        }
        else if (fault == RpcFault.Behind && await LaggingAnswerAsync(request, method) is { } lagging)
        {
            answer = lagging;
        }
        else
        {
            answer = await ForwardAsync(target, request.ToJsonString());
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(fault == RpcFault.Truncated ? answer[..(answer.Length / 2)] : answer);
    }

    /// <summary>A node N blocks behind: its latest block is N below the chain's, and it knows no block above that.</summary>
    private async Task<string?> LaggingAnswerAsync(JsonNode request, string? method)
    {
        using var head = JsonDocument.Parse(await ForwardAsync(_main, """{"jsonrpc":"2.0","id":0,"method":"eth_blockNumber","params":[]}"""));
        var known = Convert.ToInt64(head.RootElement.GetProperty("result").GetString(), 16) - BlocksBehind;
        var id = request["id"]!.ToJsonString();
        switch (method)
        {
            case "eth_blockNumber":
                return $$"""{"jsonrpc":"2.0","id":{{id}},"result":"0x{{known:x}}"}""";
            case "eth_getBlockByNumber":
                var asked = request["params"]![0]!.GetValue<string>();
                var number = asked == "latest" ? known : Convert.ToInt64(asked, 16);
                if (number > known)
                {
                    return $$"""{"jsonrpc":"2.0","id":{{id}},"result":null}""";
                }

                request["params"]![0] = $"0x{number:x}";
                return null;
            default:
                return null;
        }
    }

    private async Task<string> ForwardAsync(string target, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _upstream.PostAsync(target, content);
        return await response.Content.ReadAsStringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
