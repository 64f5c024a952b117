using System.Text.Json.Nodes;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.OpenApi;

/// <summary>
/// The README's "Try it with curl" commands, replayed as written against the app with the demo store's keys: each must
/// answer 2xx with the fields its comment names. A README that drifts from the API fails here.
/// </summary>
public sealed class ReadmeCurlTests : IAsyncLifetime
{
    private const string DocumentedBaseUrl = "http://127.0.0.1:5080";

    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(new Dictionary<string, string?>
    {
        // What Development seeds (appsettings.Development.json), without its dev chain: nothing here pays.
        ["Demo:Enabled"] = "true",
        ["Demo:Wallets:polygon"] = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    });

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task the_readme_curl_examples_create_a_session_read_it_pick_usdc_then_create_and_cancel_in_the_sdk_way()
    {
        var commands = ReadmeCommands();
        Assert.Equal(
            ["POST /session", "GET /session/$SESSION", "POST /session/$SESSION/transaction", "POST /transaction", "PATCH /transaction/$TRANSACTION/cancel"],
            commands.Select(c => $"{c.Command.Method} {c.Command.Url[DocumentedBaseUrl.Length..]}"));
        using var client = new HttpClient { BaseAddress = new Uri(_pos.BaseUrl) };
        var variables = new Dictionary<string, string> { [DocumentedBaseUrl] = _pos.BaseUrl.TrimEnd('/') };
        var answers = new List<JsonObject>();

        foreach (var (documented, fields) in commands)
        {
            var command = documented.With(variables);
            using var response = await command.SendAsync(client);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{command.Method} {command.Url} answered {(int)response.StatusCode}: {text}");
            var answer = JsonNode.Parse(text)!.AsObject();
            answers.Add(answer);
            foreach (var field in fields)
            {
                Assert.True(answer[field] is not null, $"{command.Method} {command.Url}: no {field} in {text}");
            }

            if (command.Method == "POST" && command.Url.EndsWith("/session", StringComparison.Ordinal))
            {
                variables["$SESSION"] = answer["sessionID"]!.GetValue<string>();
            }
            else if (command.Method == "POST" && command.Url.EndsWith("/transaction", StringComparison.Ordinal) && answer["transactionID"] is { } created)
            {
                variables["$TRANSACTION"] = created.GetValue<string>();
            }
        }

        // The pick took: USDC on polygon, and the session now names that transaction.
        var picked = answers[2];
        Assert.Equal("USDC", picked["asset"]!.GetValue<string>());
        Assert.Equal("polygon", picked["network"]!.GetValue<string>());
        using var reader = _pos.Client(publishableKey: "pk_demo_publishable_key_change_me");
        var session = JsonNode.Parse(await reader.GetStringAsync($"/session/{variables["$SESSION"]}"))!;
        Assert.Equal(picked["transactionID"]!.GetValue<string>(), session["transactionID"]!.GetValue<string>());

        // The one-call sale made its own session, and the cancel ended both.
        Assert.Equal(variables["$TRANSACTION"], answers[4]["transactionID"]!.GetValue<string>());
        Assert.Equal(3, answers[4]["status"]!.GetValue<int>());
        var oneCall = JsonNode.Parse(await reader.GetStringAsync($"/session/{answers[3]["sessionID"]!.GetValue<string>()}"))!;
        Assert.Equal((variables["$TRANSACTION"], 3), (oneCall["transactionID"]!.GetValue<string>(), oneCall["status"]!.GetValue<int>()));
    }

    /// <summary>The curl commands of the README's "Try it with curl" block, each with the fields its "# answers" comment names.</summary>
    private static List<(CurlCommand Command, List<string> Fields)> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(OpenApiDocumentTests.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("**Try it with curl**", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        var block = section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];
        var lines = block.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');

        var commands = new List<(CurlCommand, List<string>)>();
        foreach (var line in lines.Select(l => l.Trim()))
        {
            if (line.StartsWith("curl ", StringComparison.Ordinal))
            {
                commands.Add((CurlCommand.Parse(line), []));
            }
            else if (line.StartsWith("# answers ", StringComparison.Ordinal) && commands.Count > 0)
            {
                var fields = line["# answers ".Length..].Split('—')[0];
                commands[^1].Item2.AddRange(fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return commands;
    }
}
