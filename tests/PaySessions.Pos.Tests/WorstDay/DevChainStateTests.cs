using System.Net.Http.Json;
using System.Text.Json;
using PaySessions.Core.DevChain;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>The dev chain's state file survives a crash at any moment: it is whole, or set aside with a clear notice.</summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class DevChainStateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paysessions-devchain-" + Guid.NewGuid().ToString("N"));

    private string StatePath => Path.Combine(_directory, "devchain-state.json");

    [Fact]
    public async Task a_truncated_state_file_is_set_aside_and_a_fresh_chain_starts()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(StatePath, """{"block":{"number":"0x1","coinbase":"0x00""");

        await using var anvil = await AnvilProcess.StartAsync(DevChainKit.Locate().AnvilPath, 137, statePath: StatePath);

        Assert.Equal(0, await BlockNumberAsync(anvil));
        Assert.Contains("could not be used", anvil.StateNotice, StringComparison.Ordinal);
        var aside = Assert.Single(Directory.GetFiles(_directory, "devchain-state.json.corrupt-*"));
        Assert.Contains(aside, anvil.StateNotice, StringComparison.Ordinal);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public async Task the_state_file_is_only_ever_replaced_whole_and_the_next_start_loads_it()
    {
        await using (var first = await AnvilProcess.StartAsync(DevChainKit.Locate().AnvilPath, 137, statePath: StatePath))
        {
            await RpcAsync(first, "anvil_mine", 5);
        }

        using (var saved = JsonDocument.Parse(await File.ReadAllBytesAsync(StatePath)))
        {
            Assert.Equal(JsonValueKind.Object, saved.RootElement.ValueKind);
        }

        // A crash in the middle of anvil's next dump leaves a torn dump beside a whole state file.
        await File.WriteAllTextAsync(StatePath + ".dump", "{\"block\":");
        await using var second = await AnvilProcess.StartAsync(DevChainKit.Locate().AnvilPath, 137, statePath: StatePath);

        Assert.Null(second.StateNotice);
        Assert.Equal(5, await BlockNumberAsync(second));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static async Task<long> BlockNumberAsync(AnvilProcess anvil) =>
        Convert.ToInt64((await RpcAsync(anvil, "eth_blockNumber")).GetString(), 16);

    private static async Task<JsonElement> RpcAsync(AnvilProcess anvil, string method, params object[] parameters)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(anvil.RpcUrl, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("result").Clone();
    }
}
