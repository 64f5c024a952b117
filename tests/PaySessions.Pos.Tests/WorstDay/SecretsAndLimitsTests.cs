using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Persistence;
using PaySessions.Core.Users;
using PaySessions.Core.Webhooks;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>Keys, passwords and two-factor and webhook secrets never sit in the database file or the logs in clear text; every public route group runs out with 429 and Retry-After.</summary>
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
    public async Task webhook_secrets_authenticator_keys_recovery_codes_keys_and_passwords_are_in_neither_the_database_nor_the_logs()
    {
        var check = new SecurityCheck();
        var logs = new CapturedLogs();
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?>
        {
            // More than an installation logs: requests, SQL commands, the app's own debug lines.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
            ["Logging:LogLevel:PaySessions"] = "Debug",
        }, configureServices: services => services.AddSingleton<ILoggerProvider>(logs));
        var (store, keys) = await pos.NewMerchantAsync("Sealed Shop");
        const string password = "another-distinctive-password-0815";
        await pos.AddUserAsync(store.Id, "sealed-clerk", password, StoreRole.Manager);

        var webhook = (await pos.Get<CreateWebhookEndpoint>().ExecuteAsync(store.Id, WebhookFormat.Standard, "http://127.0.0.1:9/hook", null, "Orders")).Value!;
        var rotated = (await pos.Get<ChangeWebhookEndpoint>().RotateSecretAsync(store.Id, webhook.Endpoint.Id)).Value!;

        string authenticatorKey;
        string[] recoveryCodes;
        await using (var scope = pos.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var clerk = (await users.FindByNameAsync("sealed-clerk"))!;
            await users.ResetAuthenticatorKeyAsync(clerk);
            authenticatorKey = (await users.GetAuthenticatorKeyAsync(clerk))!;
            recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(clerk, 10))!.ToArray();
            await users.SetTwoFactorEnabledAsync(clerk, true);

            // Kept hashed, the codes still work once each; the hash as found in the database is no code.
            var kept = (await users.GetAuthenticationTokenAsync(clerk, "[AspNetUserStore]", "RecoveryCodes"))!;
            check.That(!(await users.RedeemTwoFactorRecoveryCodeAsync(clerk, kept.Split(';')[1])).Succeeded, "a stored recovery-code hash was accepted as a code");
            check.That((await users.RedeemTwoFactorRecoveryCodeAsync(clerk, recoveryCodes[0])).Succeeded, "a recovery code was refused");
            check.That(!(await users.RedeemTwoFactorRecoveryCodeAsync(clerk, recoveryCodes[0])).Succeeded, "a recovery code worked twice");
            check.That(await users.CountRecoveryCodesAsync(clerk) == 9, "redeeming did not use the code up");
            check.That(await users.VerifyTwoFactorTokenAsync(clerk, TokenOptions.DefaultAuthenticatorProvider, Totp.Code(authenticatorKey, DateTimeOffset.UtcNow)),
                "the sealed authenticator key no longer checks codes");
        }

        // The password goes through sign-in (and the logs of the request) as a browser would send it.
        using var client = SignedInClient.Anonymous(pos);
        using (await SignedInClient.PostLoginAsync(client, "sealed-clerk", password, "/admin/sessions"))
        {
        }

        var database = pos.Get<IOptions<StorageOptions>>().Value.DatabasePath;
        var bytes = (await ReadSharedAsync(database)).Concat(await ReadSharedAsync(database + "-wal")).ToArray();
        var logged = Encoding.UTF8.GetBytes(logs.Text);
        var secrets = new List<(string What, string Value)>
        {
            ("secret key", keys.ApiKey), ("publishable key", keys.PublishableKey), ("password", password),
            ("webhook secret", webhook.Secret), ("webhook secret's key", webhook.Secret[WebhookSignature.SecretPrefix.Length..]),
            ("rotated webhook secret", rotated.Secret), ("authenticator key", authenticatorKey),
        };
        secrets.AddRange(recoveryCodes.Select(code => ("recovery code", code)));
        foreach (var (what, secret) in secrets)
        {
            check.That(secret.Length >= 8, $"{what} was not issued");
            check.That(!Contains(bytes, Encoding.UTF8.GetBytes(secret)) && !Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"the {what} is in the database file in clear text");
            check.That(!Contains(logged, Encoding.UTF8.GetBytes(secret)), $"the {what} is in the logs");
        }

        check.That(logs.Lines.Count > 10, "nothing was logged: the log check would prove nothing");
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
