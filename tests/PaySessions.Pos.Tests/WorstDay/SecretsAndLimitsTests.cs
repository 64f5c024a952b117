using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using PaySessions.Core.Persistence;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>Keys and passwords never sit in the database file in clear text; every public route group runs out with 429 and Retry-After.</summary>
[Trait(WorstDayFigures.Trait, WorstDayFigures.Suite)]
public sealed class SecretsAndLimitsTests
{
    [Fact]
    public async Task api_keys_and_passwords_are_not_in_the_database_file_or_its_wal_in_clear_text()
    {
        var check = new SecurityCheck();
        await using var pos = await TestPos.StartAsync();
        var (store, keys) = await pos.NewMerchantAsync("Secret Shop");
        const string password = "a-distinctive-password-4711";
        await pos.AddUserAsync(store.Id, "clerk", password, StoreRole.Cashier);
        using var client = pos.Client(apiKey: keys.ApiKey);
        using var created = await client.PostAsync($"/accounts/{store.AccountId}/keys", new StringContent("""{"keyType":"api","name":"till 2"}""", Encoding.UTF8, "application/json"));
        var second = (await created.JsonAsync(HttpStatusCode.OK)).GetRawText();
        var secondKey = System.Text.RegularExpressions.Regex.Match(second, "ak_[A-Za-z0-9_-]+").Value;

        var database = pos.Get<IOptions<StorageOptions>>().Value.DatabasePath;
        var bytes = (await ReadSharedAsync(database)).Concat(await ReadSharedAsync(database + "-wal")).ToArray();
        foreach (var (what, secret) in new[] { ("secret key", keys.ApiKey), ("publishable key", keys.PublishableKey), ("created key", secondKey), ("password", password) })
        {
            check.That(secret.Length > 10, $"{what} was not issued");
            check.That(!Contains(bytes, Encoding.UTF8.GetBytes(secret)) && !Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"the {what} is in the database file in clear text");
        }

        check.Report();
    }

    [Fact]
    public async Task every_public_route_group_answers_429_with_retry_after_when_a_client_asks_too_often()
    {
        var check = new SecurityCheck();
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?>
        {
            ["Pos:ApiPermitsPerMinute"] = "3",
            ["Pos:PagePermitsPerMinute"] = "3",
            ["Pos:SignInPermitsPerMinute"] = "3",
        });
        var (_, keys) = await pos.NewMerchantAsync();
        using var client = SignedInClient.Anonymous(pos);
        client.DefaultRequestHeaders.Add("X-Publishable-Key", keys.PublishableKey);
        var routes = new (string Method, string Path, string? Body, string Type)[]
        {
            ("POST", "/session", """{"amount":"1"}""", "application/json"),
            ("GET", $"/session/{Guid.NewGuid()}", null, ""),
            ("GET", $"/transaction/{Guid.NewGuid()}", null, ""),
            ("POST", "/api/v1/vouchers/contexts/context-open", "{}", "application/json"),
            ("POST", "/api/v1/auth/sign-in", "{}", "application/json"),
            ("POST", "/hubs/events/negotiate?negotiateVersion=1", null, ""),
            ("POST", "/account/login", "userName=x&password=y", "application/x-www-form-urlencoded"),
            ("GET", $"/pay/{Guid.NewGuid()}", null, ""),
            ("GET", $"/receipt/{Guid.NewGuid()}", null, ""),
            ("GET", "/wallet", null, ""),
            ("GET", "/login", null, ""),
        };
        foreach (var (method, path, body, type) in routes)
        {
            HttpResponseMessage? limited = null;
            for (var i = 0; i < 10 && limited is null; i++)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, type);
                }

                var response = await client.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    limited = response;
                }
                else
                {
                    response.Dispose();
                }
            }

            check.That(limited is not null, $"{method} {path} was never limited");
            check.That(limited?.Headers.RetryAfter is not null, $"{method} {path}: 429 without Retry-After");
            limited?.Dispose();
        }

        check.Report();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
