using Microsoft.Extensions.Options;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Hosting;

/// <summary>A bad setting stops start-up before the app takes traffic, with a message naming the setting and its value.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Chain:PollInterval", "00:00:00", "Chain:PollInterval must be between 00:00:00.0100000 and 00:10:00; it is 00:00:00.")]
    [InlineData("Chain:MaxRounds", "0", "Chain:MaxRounds must be between 1 and 100; it is 0.")]
    [InlineData("Sessions:SweepInterval", "-00:00:05", "Sessions:SweepInterval must be between")]
    [InlineData("Fx:Rates:EUR/USD", "0", "Fx:Rates:EUR/USD must be a positive rate; it is 0.")]
    [InlineData("Fx:Rates:eurusd", "1.1", "Fx:Rates:eurusd must be named like EUR/USD")]
    [InlineData("Networks:polygon:ChainId", "0", "Networks:polygon:ChainId must be a positive chain id; it is 0.")]
    [InlineData("Networks:polygon:Assets:USDC:Contract", "0x1234", "Networks:polygon:Assets:USDC:Contract must be a 0x address")]
    [InlineData("Networks:polygon:RpcUrls:0", "polygon-rpc.com", "Networks:polygon:RpcUrls:0 must be an http(s) URL; it is 'polygon-rpc.com'.")]
    [InlineData("Pos:ApiPermitsPerMinute", "0", "Pos:ApiPermitsPerMinute must be between 1 and 1000000; it is 0.")]
    [InlineData("Pos:PublicBaseUrl", "pay.example.test", "Pos:PublicBaseUrl must be empty or an absolute http(s) URL")]
    public async Task a_bad_setting_stops_start_up_naming_it(string setting, string value, string message)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestPos.StartAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(message, refused.Message);
    }

    [Fact]
    [Trait(WorstDay.WorstDayFigures.Trait, WorstDay.WorstDayFigures.Suite)]
    public async Task production_does_not_start_without_its_public_base_url()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestPos.StartAsync(new Dictionary<string, string?> { ["Pos:PublicBaseUrl"] = "" }, environment: "Production"));

        Assert.Contains("Pos:PublicBaseUrl must be set in Production", refused.Message);
        WorstDay.WorstDayFigures.Add("security", "checks passed", 1);
    }

    [Fact]
    public async Task an_enabled_demo_needs_its_keys_and_never_echoes_them()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => TestPos.StartAsync(new Dictionary<string, string?>
        {
            ["Demo:Enabled"] = "true",
            ["Demo:ApiKey"] = "",
            ["Demo:Wallets:polygon"] = "not-an-address",
        }));

        Assert.Contains("Demo:ApiKey must be set; it is empty.", refused.Message);
        Assert.Contains("Demo:Wallets:polygon must be a 0x address of 20 bytes; it is 'not-an-address'.", refused.Message);
        Assert.DoesNotContain("pk_demo", refused.Message);
    }
}
