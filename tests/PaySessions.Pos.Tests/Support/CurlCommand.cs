using System.Text;

namespace PaySessions.Pos.Tests.Support;

/// <summary>
/// A curl command as documentation prints it (ours in the README, a vendor's in its reference), parsed just enough to
/// replay it: method, URL, headers, body. Placeholders such as <c>{BASE_URL}</c> or <c>$SESSION</c> are filled with
/// <see cref="With"/> before sending.
/// </summary>
public sealed record CurlCommand(string Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body)
{
    /// <summary>Parses one command; line continuations (<c>\</c> at the end of a line) are joined first.</summary>
    public static CurlCommand Parse(string text)
    {
        var words = ShellWords(text.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal));
        Assert.Equal("curl", words[0]);
        string? method = null, url = null, body = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-s" or "--silent" or "-L" or "--location":
                    break;
                case "-X" or "--request":
                    method = words[++i];
                    break;
                case "-H" or "--header":
                    var header = words[++i].Split(':', 2, StringSplitOptions.TrimEntries);
                    headers.Add((header[0], header[1]));
                    break;
                case "-d" or "--data" or "--data-raw":
                    body = words[++i];
                    break;
                default:
                    Assert.True(url is null && !words[i].StartsWith('-'), $"unexpected word {words[i]} in: {text}");
                    url = words[i];
                    break;
            }
        }

        Assert.NotNull(url);
        return new CurlCommand(method ?? (body is null ? "GET" : "POST"), url, headers, body);
    }

    /// <summary>The command with each placeholder replaced in the URL, the header values and the body.</summary>
    public CurlCommand With(IReadOnlyDictionary<string, string> values)
    {
        string Fill(string text) => values.Aggregate(text, (filled, value) => filled.Replace(value.Key, value.Value, StringComparison.Ordinal));
        return this with { Url = Fill(Url), Headers = Headers.Select(h => (h.Name, Fill(h.Value))).ToList(), Body = Body is null ? null : Fill(Body) };
    }

    /// <summary>Sends it as curl would: these headers only, the body with its declared content type (curl's default otherwise).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(new HttpMethod(Method), Url);
        var contentType = Headers.FirstOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        foreach (var (name, value) in Headers.Where(h => !h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.Add(name, value);
        }

        if (Body is not null)
        {
            request.Content = new StringContent(Body, Encoding.UTF8, contentType ?? "application/x-www-form-urlencoded");
        }

        return await client.SendAsync(request);
    }

    // Enough of the shell's word splitting for documentation: blanks separate words, quotes group them and are removed.
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
}
