using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Api;

/// <summary>The session history as an integrator reads it: <c>GET /sessions</c> and <c>GET /sessions/export.csv</c>.</summary>
public sealed class HistoryApiTests(PosFixture fixture) : IClassFixture<PosFixture>
{
    private const string CsvHeader = "sessionID,createdAt,status,exceptionStatus,amount,amountCurrency,referenceNumber,descriptor,kind,asset,network,assetAmount,paidAmount,txHash,payer";

    private TestPos Pos => fixture.Pos;

    [Fact]
    public async Task the_history_takes_the_secret_key_only()
    {
        var (_, keys) = await Pos.NewMerchantAsync("Private Shop");
        using var publishable = Pos.Client(publishableKey: keys.PublishableKey);
        using var anonymous = Pos.Client();
        using var mistyped = Pos.Client(apiKey: keys.PublishableKey);

        foreach (var path in new[] { "/sessions", "/sessions/export.csv", "/sessions?status=1" })
        {
            await (await publishable.GetAsync(path)).ProblemAsync(HttpStatusCode.Forbidden, "api_key_required");
            await (await anonymous.GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            await (await mistyped.GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    [Fact]
    public async Task sessions_are_listed_newest_first_exactly_as_get_session_returns_them()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var till = Pos.Client(publishableKey: keys.PublishableKey);
        using var server = Pos.Client(apiKey: keys.ApiKey);
        var first = await SellAsync(till, 4.5m, "Flat white", "A-1001");
        var second = await SellAsync(till, 12m, "Lunch", "A-1002");
        await PickAsync(till, second, "USDC");

        var list = await (await server.GetAsync("/sessions")).JsonAsync();

        var data = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([second, first], data.Select(s => s.GetProperty("sessionID").GetString()));
        Assert.Equal(JsonValueKind.Null, list.GetProperty("nextCursor").ValueKind);
        Assert.Equal(["data", "nextCursor"], list.EnumerateObject().Select(p => p.Name));
        foreach (var session in data)
        {
            var single = await (await server.GetAsync($"/session/{session.GetProperty("sessionID").GetString()}")).JsonAsync();
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(single.GetRawText()), JsonNode.Parse(session.GetRawText())), $"{session} differs from {single}");
        }
    }

    [Fact]
    public async Task filters_narrow_the_list_and_the_cursor_pages_through_it()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var till = Pos.Client(publishableKey: keys.PublishableKey);
        using var server = Pos.Client(apiKey: keys.ApiKey);
        var start = Pos.Time.GetUtcNow().UtcDateTime;
        var canceled = await SellAsync(till, 5m, "Espresso", "INV-2026-0042");
        Assert.Equal(HttpStatusCode.OK, (await till.PostAsync($"/session/{canceled}/cancel", null)).StatusCode);
        var inUsdt = await SellAsync(till, 8m, "Bagel", "INV-2026-0043");
        await PickAsync(till, inUsdt, "USDT");
        var later = await SellAsync(till, 9m, "Croissant", "INV-2026-0044");

        Assert.Equal([canceled], await IdsAsync(server, "/sessions?status=3"));
        Assert.Equal([later, inUsdt], await IdsAsync(server, "/sessions?status=0"));
        Assert.Equal([inUsdt], await IdsAsync(server, "/sessions?asset=usdt&network=polygon"));
        Assert.Empty(await IdsAsync(server, "/sessions?asset=DOGE"));
        Assert.Equal([canceled], await IdsAsync(server, "/sessions?q=0042"));
        Assert.Equal([later], await IdsAsync(server, "/sessions?q=CROISS"));
        Assert.Equal([inUsdt], await IdsAsync(server, $"/sessions?q={inUsdt}"));
        Assert.Empty(await IdsAsync(server, "/sessions?exceptionStatus=underpaid"));
        Assert.Equal([later, inUsdt, canceled], await IdsAsync(server, "/sessions?exceptionStatus=none"));
        var from = Uri.EscapeDataString(start.AddSeconds(1).ToString("O"));
        var to = Uri.EscapeDataString(start.AddSeconds(2).ToString("O"));
        Assert.Equal([inUsdt], await IdsAsync(server, $"/sessions?from={from}&to={to}"));

        var pages = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await (await server.GetAsync("/sessions?limit=1&q=INV-2026" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).JsonAsync();
            pages.AddRange(page.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("sessionID").GetString()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([later, inUsdt, canceled], pages);
    }

    [Fact]
    public async Task another_store_sees_none_of_it()
    {
        var (_, mine) = await Pos.NewMerchantAsync("Mine");
        var (_, theirs) = await Pos.NewMerchantAsync("Theirs");
        using var till = Pos.Client(publishableKey: mine.PublishableKey);
        var sold = await SellAsync(till, 3m, "Secret recipe", "MINE-77");
        using var them = Pos.Client(apiKey: theirs.ApiKey);

        Assert.Empty(await IdsAsync(them, "/sessions"));
        Assert.Empty(await IdsAsync(them, "/sessions?q=secret"));
        Assert.Empty(await IdsAsync(them, $"/sessions?q={sold}"));
        var export = await (await them.GetAsync("/sessions/export.csv")).Content.ReadAsStringAsync();
        Assert.Equal(CsvHeader + "\r\n", export);
    }

    [Theory]
    [InlineData("status=4", "status")]
    [InlineData("status=paid", "status")]
    [InlineData("status=-1", "status")]
    [InlineData("exceptionStatus=late", "exceptionStatus")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("from=2026-11-22&to=2026-11-21", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("q=ab", "q")]
    public async Task bad_parameters_are_refused_naming_the_parameter(string query, string parameter)
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var server = Pos.Client(apiKey: keys.ApiKey);

        var problem = await (await server.GetAsync("/sessions?" + query)).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([parameter], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        if (parameter is not ("limit" or "cursor"))
        {
            var csv = await (await server.GetAsync("/sessions/export.csv?" + query)).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal([parameter], csv.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
    }

    [Fact]
    public async Task the_csv_export_has_a_header_and_a_row_per_session_with_its_transaction()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var till = Pos.Client(publishableKey: keys.PublishableKey);
        using var server = Pos.Client(apiKey: keys.ApiKey);
        var plain = await SellAsync(till, 4.5m, "Flat white, large", "A-1");
        var picked = await SellAsync(till, 12.34m, "Lunch", "A-2");
        var transaction = await PickAsync(till, picked, "USDC");

        using var response = await server.GetAsync("/sessions/export.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var rows = Csv(await response.Content.ReadAsStringAsync());
        Assert.Equal(CsvHeader, string.Join(',', rows[0]));
        Assert.Equal(3, rows.Count);
        Assert.Equal([picked, "0", "", "12.34", "USD", "A-2", "Lunch", "checkout", "USDC", "polygon", transaction.GetProperty("assetAmount").GetString(), "0", "", ""],
            rows[1].Where((_, i) => i != 1));
        Assert.Equal([plain, "0", "", "4.5", "USD", "A-1", "Flat white, large", "checkout", "", "", "", "", "", ""], rows[2].Where((_, i) => i != 1));
        Assert.True(DateTime.TryParse(rows[1][1], null, System.Globalization.DateTimeStyles.RoundtripKind, out var createdAt) && createdAt.Kind == DateTimeKind.Utc);
        Assert.Equal([picked], Csv(await (await server.GetAsync("/sessions/export.csv?asset=USDC")).Content.ReadAsStringAsync()).Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task a_formula_in_a_reference_or_descriptor_is_written_as_text_in_the_csv()
    {
        var (_, keys) = await Pos.NewMerchantAsync();
        using var till = Pos.Client(publishableKey: keys.PublishableKey);
        using var server = Pos.Client(apiKey: keys.ApiKey);
        await SellAsync(till, 1m, "=HYPERLINK(\"http://evil.example\",\"Refund\")", "+1-555-0100");
        await SellAsync(till, 2m, "@SUM(A1:A9)", "-2+3");

        var text = await (await server.GetAsync("/sessions/export.csv")).Content.ReadAsStringAsync();
        var rows = Csv(text);

        Assert.Equal(["'@SUM(A1:A9)", "'-2+3"], [rows[1][7], rows[1][6]]);
        Assert.Equal(["'=HYPERLINK(\"http://evil.example\",\"Refund\")", "'+1-555-0100"], [rows[2][7], rows[2][6]]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Refund\"\")\"", text);
        Assert.All(rows.Skip(1).SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@".Contains(cell[0]), $"cell {cell} starts like a formula"));
    }

    /// <summary>A sale at the till; the clock then moves on a second, so sales are ordered by time.</summary>
    private async Task<string> SellAsync(HttpClient till, decimal amount, string descriptor, string reference)
    {
        var created = await (await till.PostAsJsonAsync("/session", new { amount, amountCurrency = "USD", descriptor, referenceNumber = reference })).JsonAsync();
        Pos.Time.Advance(TimeSpan.FromSeconds(1));
        return created.GetProperty("sessionID").GetString()!;
    }

    private static async Task<JsonElement> PickAsync(HttpClient till, string sessionId, string asset) =>
        await (await till.PostAsJsonAsync($"/session/{sessionId}/transaction", new { asset, network = "polygon" })).JsonAsync();

    private static async Task<List<string?>> IdsAsync(HttpClient server, string path)
    {
        var page = await (await server.GetAsync(path)).JsonAsync();
        return page.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("sessionID").GetString()).ToList();
    }

    /// <summary>RFC 4180 as the export writes it: CRLF records, quoted fields with doubled quotes.</summary>
    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
