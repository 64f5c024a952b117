using System.Text.RegularExpressions;
using PaySessions.Core.Chain;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>The owner gives a network its RPC URL on the installation page; a URL that fails the test is never saved.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InstallationSettingsTests(BrowserFixture browser) : IAsyncLifetime
{
    private AnvilProcess _chain = null!;
    private TestPos _pos = null!;

    public async Task InitializeAsync()
    {
        _chain = await AnvilProcess.StartAsync(DevChainKit.Locate().AnvilPath, 137, blockTime: 1);
        _pos = await TestPos.StartAsync(new Dictionary<string, string?>
        {
            ["Networks:polygon:RpcUrls:0"] = "",
            ["Chain:MonitorEnabled"] = "true",
            ["Chain:PollInterval"] = "00:00:00.200",
        });
    }

    public async Task DisposeAsync()
    {
        await _pos.DisposeAsync();
        await _chain.DisposeAsync();
    }

    [Fact]
    public async Task the_owner_tests_a_url_saves_a_working_one_and_the_network_is_watched_and_offered()
    {
        await using var context = await browser.TerminalAsync();
        var installation = await InstallationPage.OpenAsync(context, _pos.BaseUrl, TestPos.OwnerEmail, TestPos.OwnerPassword);
        await Expect(installation.Summary).ToHaveTextAsync("0 of 5 networks offered to customers.");
        foreach (var shipped in new[] { "ethereum", "base", "arbitrum", "optimism" })
        {
            await Expect(installation.Status(shipped)).ToHaveTextAsync("Not offered to customers: no RPC URL");
        }

        await Expect(installation.Status("polygon")).ToHaveTextAsync("Not offered to customers: no RPC URL");

        await installation.EnterRpcUrlsAsync("polygon", TestNetworks.NoChainRpcUrl);
        await installation.TestAsync("polygon");
        await Expect(installation.TestResults("polygon")).ToContainTextAsync($"{TestNetworks.NoChainRpcUrl}: This RPC cannot be reached");
        await installation.SaveAsync("polygon");
        await Expect(installation.SaveErrors("polygon")).ToContainTextAsync($"{TestNetworks.NoChainRpcUrl}: This RPC cannot be reached");
        Assert.False(_pos.Get<NetworkCatalog>().FindNetwork("polygon")!.Offered);

        await installation.EnterRpcUrlsAsync("polygon", _chain.RpcUrl);
        await installation.TestAsync("polygon");
        await Expect(installation.TestResults("polygon")).ToContainTextAsync(new Regex(@"chain 137, latest block #\d+"));
        await installation.SaveAsync("polygon");

        await Expect(installation.Status("polygon")).ToHaveTextAsync(new Regex(@"^Watching, head #\d+$"), new() { Timeout = 15_000 });
        await Expect(installation.Summary).ToHaveTextAsync("1 of 5 networks offered to customers.");
        Assert.Equal([_chain.RpcUrl], _pos.Get<NetworkCatalog>().FindNetwork("polygon")!.RpcUrls);
    }
}
