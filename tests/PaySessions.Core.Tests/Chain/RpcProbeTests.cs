using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;
using PaySessions.Core.Common;
using PaySessions.Core.DevChain;
using PaySessions.Core.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Core.Tests.Chain;

/// <summary>The installation's RPC test: a real anvil node answers, or the owner is told why a URL will not do.</summary>
public sealed class RpcProbeTests(AnvilFixture chain) : IClassFixture<AnvilFixture>, IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private Network Polygon => _core.Get<NetworkCatalog>().FindNetwork("polygon")!;

    private Task<Result<RpcProbeAnswer>> TestAsync(string url) => _core.Get<RpcProbe>().TestAsync(Polygon, url);

    [Fact]
    public async Task a_node_serving_the_network_chain_answers_with_its_chain_id_and_latest_block()
    {
        await chain.MineAsync(2);
        var head = (await chain.Rpc.GetBlockAsync(null, CancellationToken.None))!;

        var answer = await TestAsync(chain.Anvil.RpcUrl);

        Assert.True(answer.Ok, answer.Error?.Message);
        Assert.Equal(137, answer.Value.ChainId);
        Assert.True(answer.Value.LatestBlock >= head.Number, $"latest block {answer.Value.LatestBlock}, head was {head.Number}");
        Assert.Equal(chain.Anvil.RpcUrl, answer.Value.Url);
    }

    [Fact]
    public async Task the_same_node_answers_over_websocket()
    {
        var answer = await TestAsync(chain.Anvil.WebSocketUrl);

        Assert.True(answer.Ok, answer.Error?.Message);
        Assert.Equal(137, answer.Value.ChainId);
    }

    [Fact]
    public async Task a_node_of_another_chain_is_refused_naming_both_chains()
    {
        await using var ethereum = await AnvilProcess.StartAsync(DevChainKit.Locate().AnvilPath, 1);

        var overHttp = await TestAsync(ethereum.RpcUrl);
        var overWebSocket = await TestAsync(ethereum.WebSocketUrl);

        Assert.Equal(ErrorCodes.RpcWrongChain, overHttp.Error?.Code);
        Assert.Equal("This RPC serves chain 1, not Polygon (137).", overHttp.Error!.Message);
        Assert.Equal(ErrorCodes.RpcWrongChain, overWebSocket.Error?.Code);
    }

    [Fact]
    public async Task a_url_nothing_listens_on_is_refused_as_unreachable()
    {
        var refused = await TestAsync(TestNetworks.NoChainRpcUrl);

        Assert.Equal(ErrorCodes.RpcUnreachable, refused.Error?.Code);
        Assert.StartsWith("This RPC cannot be reached", refused.Error!.Message);
    }

    [Fact]
    public async Task a_web_server_that_is_not_a_json_rpc_node_is_refused()
    {
        await using var site = await WebPage.StartAsync();

        var html = await TestAsync(site.Url + "/");
        var missing = await TestAsync(site.Url + "/missing");

        Assert.Equal(ErrorCodes.RpcNotJsonRpc, html.Error?.Code);
        Assert.Equal(ErrorCodes.RpcNotJsonRpc, missing.Error?.Code);
        Assert.Contains("HTTP 404", missing.Error!.Message);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/rpc")]
    [InlineData("polygon-rpc.com")]
    public async Task a_url_that_is_not_http_or_websocket_is_refused_without_a_call(string url)
    {
        var refused = await TestAsync(url);

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
    }

    /// <summary>A web server that answers every POST to / with an HTML page, as a site (not a node) would.</summary>
    private sealed class WebPage(WebApplication app) : IAsyncDisposable
    {
        public string Url { get; private set; } = "";

        public static async Task<WebPage> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapPost("/", () => Results.Content("<html><body>Welcome</body></html>", "text/html"));
            await app.StartAsync();
            return new WebPage(app) { Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() };
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
