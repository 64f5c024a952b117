using System.Text;
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
    public async Task the_readme_curl_examples_create_a_session_read_it_and_pick_usdc_on_polygon()
    {
        var commands = ReadmeCommands();
        Assert.Equal(3, commands.Count);
        using var client = new HttpClient { BaseAddress = new Uri(_pos.BaseUrl) };
        var variables = new Dictionary<string, string>();
        JsonObject? last = null;

        foreach (var command in commands)
        {
            var url = command.Url.Replace(DocumentedBaseUrl, _pos.BaseUrl.TrimEnd('/'), StringComparison.Ordinal);
            foreach (var (name, value) in variables)
            {
                url = url.Replace("$" + name, value, StringComparison.Ordinal);
            }

            using var request = new HttpRequestMessage(new HttpMethod(command.Method), url);
            foreach (var (name, value) in command.Headers.Where(h => h.Name != "Content-Type"))
            {
                request.Headers.Add(name, value);
            }

            if (command.Body is not null)
            {
                request.Content = new StringContent(command.Body, Encoding.UTF8, command.Headers.Single(h => h.Name == "Content-Type").Value);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{command.Method} {command.Url} answered {(int)response.StatusCode}: {text}");
            var answer = last = JsonNode.Parse(text)!.AsObject();
            foreach (var field in command.DocumentedFields)
            {
                Assert.True(answer[field] is not null, $"{command.Method} {command.Url}: no {field} in {text}");
            }

            if (answer["sessionID"] is { } sessionId && command.Method == "POST" && command.Url.EndsWith("/session", StringComparison.Ordinal))
            {
                variables["SESSION"] = sessionId.GetValue<string>();
            }
        }

        // The pick took: USDC on polygon, and the session now names that transaction.
        Assert.Equal("USDC", last!["asset"]!.GetValue<string>());
        Assert.Equal("polygon", last["network"]!.GetValue<string>());
        using var reader = _pos.Client(publishableKey: "pk_demo_publishable_key_change_me");
        var session = JsonNode.Parse(await reader.GetStringAsync($"/session/{variables["SESSION"]}"))!;
        Assert.Equal(last["transactionID"]!.GetValue<string>(), session["transactionID"]!.GetValue<string>());
    }

    /// <summary>The curl commands of the README's "Try it with curl" block, each with the fields its "# answers" comment names.</summary>
    private static List<CurlCommand> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(OpenApiDocumentTests.RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("**Try it with curl**", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        var block = section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];
        var lines = block.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');

        var commands = new List<CurlCommand>();
        foreach (var line in lines.Select(l => l.Trim()))
        {
            if (line.StartsWith("curl ", StringComparison.Ordinal))
            {
                commands.Add(CurlCommand.Parse(ShellWords(line)));
            }
            else if (line.StartsWith("# answers ", StringComparison.Ordinal) && commands.Count > 0)
            {
                var fields = line["# answers ".Length..].Split('—')[0];
                commands[^1].DocumentedFields.AddRange(fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return commands;
    }

    // Enough of the shell's word splitting for the README: blanks separate words, quotes group them and are removed.
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private sealed record CurlCommand(string Method, string Url, List<(string Name, string Value)> Headers, string? Body)
    {
        public List<string> DocumentedFields { get; } = [];

        public static CurlCommand Parse(List<string> words)
        {
            string? method = null, url = null, body = null;
            var headers = new List<(string, string)>();
            for (var i = 1; i < words.Count; i++)
            {
                switch (words[i])
                {
                    case "-s":
                        break;
                    case "-X":
                        method = words[++i];
                        break;
                    case "-H":
                        var header = words[++i].Split(':', 2, StringSplitOptions.TrimEntries);
                        headers.Add((header[0], header[1]));
                        break;
                    case "-d":
                        body = words[++i];
                        break;
                    default:
                        Assert.StartsWith("http", words[i]);
                        url = words[i];
                        break;
                }
            }

            Assert.NotNull(url);
            return new CurlCommand(method ?? (body is null ? "GET" : "POST"), url, headers, body);
        }
    }
}
