using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Pos.Api;

namespace PaySessions.Pos.Tests.WorstDay;

/// <summary>One hostile request: where, how, with which credentials and body.</summary>
public sealed record HostileRequest(string Method, string Path, string? Body, string ContentType, IReadOnlyDictionary<string, string> Headers, string What);

/// <summary>The ids and keys the corpus aims at: one store's real objects, and another store's keys to use on them.</summary>
public sealed record CorpusTargets(Guid AccountId, string SessionId, string PublishableKey, string ApiKey, string ForeignApiKey, string RevokedApiKey);

/// <summary>
/// Generates malformed and hostile requests for every API route the app maps, read from its endpoint data sources,
/// so a route added tomorrow is attacked too. Every request is built to be refused: none is a valid call.
/// </summary>
public static class HostileCorpus
{
    private const string Eip55WrongChecksum = "0x70997970C51812DC3A010C7D01B50E0D17DC79c8";

    /// <summary>Values a field could be sent: wrong types, odd numbers, hostile text, bad addresses.</summary>
    public static readonly string[] Values =
    [
        "1e400", "-0", "\"NaN\"", "NaN", "Infinity", "0.000000000000000000000000000001", "123456789012345678901234567890.123456789012345678901234567890",
        "-1", "true", "[]", "{}", "null", "\"\"", "\"" + new string('x', 10_000) + "\"", "\"\\ud800\"", "\"\\udfff abc\"",
        "\"\\u202eevil\\u202c\"", "\"nul\\u0000byte\"", "\"' OR 1=1; DROP TABLE Sessions; --\"", "\"<script>alert(1)</script>\"",
        "\"../../../../etc/passwd\"", "\"a\\r\\nSet-Cookie: stolen=1\"", "\"" + Eip55WrongChecksum + "\"", "\"0x12\"", "\"0xZZ\"",
        "\"" + new string('9', 400) + "\"", "\"%00%0d%0a\"", "\"${jndi:ldap://x}\"", "\"😀😀\"",
    ];

    /// <summary>Field names the two APIs read; each is sent alone with hostile values, so no body is complete.</summary>
    public static readonly string[] Fields =
    [
        "amount", "amountCurrency", "currency", "description", "referenceNumber", "reference", "address", "format", "payers",
        "events", "url", "name", "keyType", "asset", "network", "txHash", "transactionHash", "receipts", "code", "sessionID", "fxRate",
        "voucherID", "expiresAt", "type", "wallet", "payee",
    ];

    private static readonly string[] BrokenBodies =
    [
        "", "null", "[]", "[1,2]", "\"text\"", "{", "{\"a\":", "{\"a\":1,}", "{'a':1}", "{\"amount\":1,\"amount\":2}",
        "{\"currency\":\"USD\",\"currency\":\"EUR\"}", "{\"payers\":[{\"address\":\"0x1\",\"address\":\"0x2\"}]}",
        new string('[', 200) + new string(']', 200), Nest(100), "{\"a\":\"" + new string('x', 20_000) + "\"}", "\u0000\u0001\u0002",
        "{\"amount\": 1e400}", "{\"amount\": -0}", "{\"amount\": NaN}",
    ];

    private static readonly string[] HostileIds =
    [
        "..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwindows", "1'%20OR%20'1'='1", "%00", "%3Cscript%3E", new string('a', 2000), "-1", "0", "00000000-0000-0000-0000-000000000000",
    ];

    public static IReadOnlyList<HostileRequest> For(IServiceProvider services, CorpusTargets targets)
    {
        var requests = new List<HostileRequest>();
        foreach (var (method, pattern, readsJson) in ApiRoutes(services))
        {
            var own = Fill(pattern, targets.AccountId.ToString(), targets.SessionId);
            // Missing, made-up and another store's credentials on this store's objects.
            foreach (var (auth, headers) in Credentials(targets))
            {
                requests.Add(new(method, own, readsJson ? "{}" : null, "application/json", headers, $"{auth} on own ids"));
            }

            // The right store's secret key on ids that are not its objects, or not ids at all.
            var secret = Headers(("X-Api-Key", targets.ApiKey));
            foreach (var id in HostileIds.Append(Guid.NewGuid().ToString()))
            {
                if (pattern.Contains('{', StringComparison.Ordinal))
                {
                    requests.Add(new(method, Fill(pattern, id, id), readsJson ? "{}" : null, "application/json", secret, $"hostile id {id[..Math.Min(12, id.Length)]}"));
                }
            }

            if (method == "GET")
            {
                requests.Add(new(method, own + "?limit=1e400&offset=-0&since=NaN&status=%3Cscript%3E&cursor=%00", null, "application/json", secret, "hostile query"));
            }

            if (!readsJson)
            {
                continue;
            }

            foreach (var key in new[] { ("X-Api-Key", targets.ApiKey), ("X-Publishable-Key", targets.PublishableKey) })
            {
                var headers = Headers(key);
                requests.AddRange(BrokenBodies.Select(body => new HostileRequest(method, own, body, "application/json", headers, "broken body")));
                requests.AddRange(WrongContentTypes.Select(type => new HostileRequest(method, own, "{\"amount\":\"1\"}", type, headers, "content type " + type)));
                for (var f = 0; f < Fields.Length; f++)
                {
                    for (var v = 0; v < 3; v++)
                    {
                        var value = Values[(f * 3 + v) % Values.Length];
                        requests.Add(new(method, own, $"{{\"{Fields[f]}\":{value}}}", "application/json", headers, $"{Fields[f]} = {value[..Math.Min(20, value.Length)]}"));
                    }
                }
            }
        }

        requests.AddRange(FormsAndHub(targets));
        return requests;
    }

    private static readonly string[] WrongContentTypes = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/html"];

    // The sign-in forms without their antiforgery token, and the live hub's negotiate with tokens that are not tokens.
    private static IEnumerable<HostileRequest> FormsAndHub(CorpusTargets targets)
    {
        var none = Headers();
        foreach (var value in Values.Take(20))
        {
            var text = Uri.EscapeDataString(value.Trim('"'));
            yield return new("POST", "/account/login", $"userName={text}&password={text}&returnUrl=https%3A%2F%2Fevil.example", "application/x-www-form-urlencoded", none, "sign-in without token");
            yield return new("POST", "/account/login-2fa", $"code={text}", "application/x-www-form-urlencoded", none, "second factor without token");
            yield return new("POST", "/account/switch-store", $"storeId={text}", "application/x-www-form-urlencoded", none, "switch store without token");
            yield return new("POST", "/setup", $"_handler=setup&Input.Email={text}", "application/x-www-form-urlencoded", none, "setup form");
            yield return new("POST", $"/hubs/events/negotiate?negotiateVersion=1&access_token={text}", null, "text/plain", none, "hub with a bad token");
            yield return new("POST", "/hubs/events/negotiate?negotiateVersion=1", null, "text/plain", Headers(("Authorization", "Bearer " + text)), "hub with a bad bearer");
        }
    }

    private static IEnumerable<(string Name, IReadOnlyDictionary<string, string> Headers)> Credentials(CorpusTargets targets)
    {
        yield return ("no key", Headers());
        yield return ("made-up secret key", Headers(("X-Api-Key", "ak_" + new string('0', 40))));
        yield return ("made-up publishable key", Headers(("X-Publishable-Key", "pk_<script>")));
        yield return ("another store's secret key", Headers(("X-Api-Key", targets.ForeignApiKey)));
        yield return ("this store's revoked secret key", Headers(("X-Api-Key", targets.RevokedApiKey)));
        yield return ("a bearer that is not a token", Headers(("Authorization", "Bearer ' OR 1=1 --")));
    }

    private static IReadOnlyDictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value);

    /// <summary>Every API route with its methods, and whether it reads a JSON body (from its Accepts metadata).</summary>
    public static IEnumerable<(string Method, string Pattern, bool ReadsJson)> ApiRoutes(IServiceProvider services) =>
        services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText is { } raw && ApiPaths.Contains(new Microsoft.AspNetCore.Http.PathString("/" + raw.TrimStart('/'))))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not null)))
            .Distinct();

    // Parameters named after accounts or stores take the store's id; any other id parameter the session's.
    private static string Fill(string pattern, string storeId, string otherId)
    {
        var builder = new StringBuilder();
        var rest = pattern;
        while (rest.IndexOf('{', StringComparison.Ordinal) is var open and >= 0)
        {
            var close = rest.IndexOf('}', open);
            var name = rest[(open + 1)..close].Split(':')[0].TrimStart('*');
            builder.Append(rest[..open]).Append(name.Contains("account", StringComparison.OrdinalIgnoreCase) || name.Contains("store", StringComparison.OrdinalIgnoreCase) ? storeId : otherId);
            rest = rest[(close + 1)..];
        }

        return builder.Append(rest).ToString();
    }

    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
