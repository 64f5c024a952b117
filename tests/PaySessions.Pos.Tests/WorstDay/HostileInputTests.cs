using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Pos.Api;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>
/// Thousands of malformed and hostile requests on every API route, the sign-in forms and the hub: none answers 5xx,
/// every API refusal is problem details with a code, and not one business row changes.
/// </summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class HostileInputTests : IAsyncLifetime
{
    private TestPos _pos = null!;

    public async Task InitializeAsync() => _pos = await TestPos.StartAsync(new Dictionary<string, string?>
    {
        // The corpus is one client; the rate limits have their own check.
        ["Pos:ApiPermitsPerMinute"] = "1000000",
        ["Pos:AddressPermitsPerMinute"] = "1000000",
        ["Pos:PagePermitsPerMinute"] = "1000000",
        ["Pos:SignInPermitsPerMinute"] = "10000",
    });

    public async Task DisposeAsync() => await _pos.DisposeAsync();

    [Fact]
    public async Task thousands_of_hostile_requests_are_refused_cleanly_and_change_nothing()
    {
        var (store, keys) = await _pos.NewMerchantAsync("Target Shop");
        var (_, foreign) = await _pos.NewMerchantAsync("Other Shop", "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
        using var seller = _pos.Client(apiKey: keys.ApiKey);
        var sessionId = await seller.CreateSessionAsync();
        var revoked = (await _pos.Get<CreateApiKey>().ExecuteAsync(store.Id, ApiKeyKind.Secret, "Old till")).Value!;
        Assert.True((await _pos.Get<RevokeApiKey>().ExecuteAsync(store.Id, revoked.View.Id)).Ok);
        var corpus = HostileCorpus.For(_pos.Services, new CorpusTargets(store.AccountId, sessionId, keys.PublishableKey, keys.ApiKey, foreign.ApiKey, revoked.Key));
        var database = _pos.Get<IOptions<StorageOptions>>().Value.DatabasePath;
        var before = await TableChecksum.RowsAsync(database);

        var failures = new List<string>();
        var serverErrors = 0;
        var nonProblem = 0;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_pos.BaseUrl) };
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var (status, problem) = await SendAsync(client, request);
            lock (failures)
            {
                if (status >= 500)
                {
                    serverErrors++;
                    failures.Add($"{status} {request.Method} {request.Path[..Math.Min(80, request.Path.Length)]} ({request.What})");
                }
                else if (status >= 400 && problem is null)
                {
                    nonProblem++;
                    if (IsApi(request) && !RefusedByKestrel(request, status))
                    {
                        failures.Add($"{status} without problem code: {request.Method} {request.Path[..Math.Min(80, request.Path.Length)]} ({request.What})");
                    }
                }
                else if (status < 400 && IsApi(request) && request.Method != "GET")
                {
                    failures.Add($"{status} accepted: {request.Method} {request.Path[..Math.Min(80, request.Path.Length)]} ({request.What})");
                }
            }
        });

        var changed = TableChecksum.Changed(before, await TableChecksum.RowsAsync(database));
        WorstDayFigures.Add("hostile input", "requests tried", corpus.Count);
        WorstDayFigures.Add("hostile input", "responses 5xx", serverErrors);
        WorstDayFigures.Add("hostile input", "rows changed", changed.Count);
        WorstDayFigures.Add("hostile input", "non-problem 4xx", nonProblem);

        Assert.True(corpus.Count >= 2000, $"only {corpus.Count} requests generated");
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers:\n" + string.Join("\n", failures.Distinct().Take(40)));
        Assert.True(changed.Count == 0, "rows changed: " + string.Join(", ", changed.Select(c => c.Split('|')[0]).Distinct()));
    }

    private static bool IsApi(HostileRequest request) => ApiPaths.Contains(new Microsoft.AspNetCore.Http.PathString(request.Path.Split('?')[0]));

    // Kestrel itself answers, before any of the app runs, a bare 400 to a NUL in the path and 414/431 to a request line
    // or headers over its limits: counted as non-problem 4xx, not as failures.
    private static bool RefusedByKestrel(HostileRequest request, int status) =>
        status is 414 or 431 || (status == 400 && request.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal));

    private static async Task<(int Status, string? Code)> SendAsync(HttpClient client, HostileRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }

        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return (status, null);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (status, json.RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 } text ? text : null);
    }
}
