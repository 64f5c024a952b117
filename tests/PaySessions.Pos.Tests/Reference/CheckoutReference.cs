using System.Text.Json;
using System.Text.RegularExpressions;
using PaySessions.Pos.Tests.OpenApi;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Reference;

/// <summary>
/// What the checkout vendor documents, as data for the replay tests: the seed's curl examples and example answers read
/// from the seed itself (<c>../shared/seeds/003_…</c>, so they stay verbatim), and the calls and field tables of
/// <c>vendor-references/lydian.md</c> written out here with the reference's section beside each.
/// </summary>
internal static partial class CheckoutReference
{
    public const string SeedFile = "003_590a9ee7ff3b504d.txt";

    // lydian.md §3.1: POST {API_BASE_URL}/accounts/{accountUUID}/keys, headers X-Api-Key and Content-Type, body keyType + name.
    public const string CreateKey = """
        curl --request POST '{BASE_URL}/accounts/{accountUUID}/keys' \
        --header 'X-Api-Key: {API_KEY}' \
        --header 'Content-Type: application/json' \
        --data '{ "keyType": "{KEY_TYPE}", "name": "{KEY_NAME}" }'
        """;

    // lydian.md §3.2: GET {API_BASE_URL}/accounts/{accountUUID}/keys with X-Api-Key.
    public const string ListKeys = """
        curl --request GET '{BASE_URL}/accounts/{accountUUID}/keys' \
        --header 'X-Api-Key: {API_KEY}'
        """;

    // lydian.md §5.1: POST {API_BASE_URL}/accounts/{accountUUID}/webhooks, headers X-Api-Key and Content-Type, body name + url.
    public const string CreateWebhook = """
        curl --request POST '{BASE_URL}/accounts/{accountUUID}/webhooks' \
        --header 'X-Api-Key: {API_KEY}' \
        --header 'Content-Type: application/json' \
        --data '{ "name": "Order system", "url": "{WEBHOOK_URL}" }'
        """;

    // lydian.md §2.1 [SDK]: POST /transaction with X-Publishable-Key, the body JSON.stringify makes of CreateTransactionRequest.
    public const string SdkCreateTransaction = """
        curl --request POST '{BASE_URL}/transaction' \
        --header 'Content-Type: application/json' \
        --header 'X-Publishable-Key: {PUBLISHABLE_KEY}' \
        --data '{"descriptor":"{OPTIONAL_DESCRIPTOR}","referenceNumber":"{OPTIONAL_REFERENCE_NUMBER}","amount":25.5,"amountCurrency":"USD","asset":"USDC","network":"polygon"}'
        """;

    // lydian.md §2.2 [SDK]: the poll, GET /transaction/{transactionID} with the same headers as every SDK call.
    public const string SdkGetTransaction = """
        curl --request GET '{BASE_URL}/transaction/{transactionID}' \
        --header 'Content-Type: application/json' \
        --header 'X-Publishable-Key: {PUBLISHABLE_KEY}'
        """;

    // lydian.md §2.4 [SDK]: PATCH /transaction/{id}/cancel with { reason, forfeit? }, the reason the SDK itself sends.
    public const string SdkCancelTransaction = """
        curl --request PATCH '{BASE_URL}/transaction/{transactionID}/cancel' \
        --header 'Content-Type: application/json' \
        --header 'X-Publishable-Key: {PUBLISHABLE_KEY}' \
        --data '{"reason":"Cancelled from the SDK","forfeit":false}'
        """;

    // lydian.md §1.2 [SDK]: the old poller reads the session with no key at all.
    public const string SdkKeylessSessionPoll = "curl '{BASE_URL}/session/{sessionID}'";

    /// <summary>lydian.md §2.1, the docs' create-transaction model.</summary>
    public static readonly (string, Documented)[] CreatedTransactionModel =
        [("transactionID", Documented.Uuid), ("qrData", Documented.String), ("assetAmount", Documented.Number)];

    /// <summary>lydian.md §2.1, the SDK's CreateTransactionResponse (note <c>transactionId</c> with a lowercase d).</summary>
    public static readonly (string, Documented)[] CreatedTransactionSdk =
    [
        ("transactionId", Documented.Uuid), ("qrData", Documented.String), ("assetAmount", Documented.Number),
        ("additionalCustomerFee", Documented.Number), ("address", Documented.String), ("status", Documented.Integer),
        ("requiredFields", Documented.Array), ("supportedDocumentTypes", Documented.Array),
    ];

    /// <summary>lydian.md §2.2: the docs' get-transaction model (expiration, status) and what the SDK reads besides.</summary>
    public static readonly (string, Documented)[] Transaction =
    [
        ("expiration", Documented.String), ("status", Documented.Integer), ("transactionID", Documented.Uuid), ("amount", Documented.Number),
        ("amountCurrency", Documented.String), ("remainingBalance", Documented.Number), ("cryptoTransactions", Documented.Object),
    ];

    /// <summary>lydian.md §3.1.</summary>
    public static readonly (string, Documented)[] CreatedKey = [("generatedKey", Documented.String), ("privateKey", Documented.String)];

    /// <summary>lydian.md §3.2: <c>keys</c> grouping arrays by type, <c>keys.api[]</c> entries; ids are bare UUIDs (§0).</summary>
    public static readonly (string, Documented)[] KeyList = [("keys", Documented.Object)];

    public static readonly (string, Documented)[] KeyEntry =
    [
        ("uuid", Documented.Uuid), ("key", Documented.String), ("status", Documented.String), ("role", Documented.String), ("name", Documented.String),
    ];

    /// <summary>lydian.md §5.1: the create answer begins with <c>uuid</c>; the rest is not known.</summary>
    public static readonly (string, Documented)[] CreatedWebhook = [("uuid", Documented.Uuid)];

    /// <summary>lydian.md §5.2: the delivery payload.</summary>
    public static readonly (string, Documented)[] WebhookPayload =
    [
        ("accountID", Documented.Uuid), ("lydianpayTransactionID", Documented.Uuid), ("merchantTransactionID", Documented.String),
        ("status", Documented.Integer), ("timestamp", Documented.String), ("merchantID", Documented.Uuid),
    ];

    /// <summary>
    /// The seed's placeholders, filled with the values of its own example answer where it gives one. <c>{BASE_URL}</c>:
    /// the reference leaves open which host serves <c>/session</c>; ours serves every route on one.
    /// </summary>
    public static Dictionary<string, string> Placeholders(string baseUrl) => new()
    {
        ["{BASE_URL}"] = baseUrl.TrimEnd('/'),
        ["{PUBLISHABLE_KEY}"] = "pk_demo_publishable_key_change_me",
        ["{API_KEY}"] = "ak_demo_secret_key_change_me",
        ["{OPTIONAL_DESCRIPTOR}"] = "Brimspire: Test!",
        ["{OPTIONAL_REFERENCE_NUMBER}"] = "d83fba40-87ea-4a62-bafa-a2601a673f51",
        ["{AMOUNT_IN_FLOAT}"] = "0.01",
        ["{CURRENCY_CODE}"] = "USD",
        ["{FX_RATE_IN_FLOAT}"] = "1.0",
    };

    /// <summary>Every curl command of the seed, in order, exactly as printed (continuations and the body's lines kept).</summary>
    public static IReadOnlyList<string> SeedCurlCommands()
    {
        var commands = new List<string>();
        var lines = SeedText().Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("curl ", StringComparison.Ordinal))
            {
                continue;
            }

            // A command goes on while a line ends in a continuation or a quote is still open (the --data body spans lines).
            var command = lines[i];
            while (i + 1 < lines.Length && (command.EndsWith('\\') || command.Count(c => c == '\'') % 2 == 1))
            {
                command += "\n" + lines[++i];
            }

            commands.Add(command);
        }

        return commands;
    }

    /// <summary>The seed's example answers, in order, as JSON.</summary>
    public static IReadOnlyList<JsonElement> SeedExampleAnswers()
    {
        var text = SeedText();
        var answers = new List<JsonElement>();
        for (var at = text.IndexOf("example response", StringComparison.Ordinal); at >= 0; at = text.IndexOf("example response", at + 1, StringComparison.Ordinal))
        {
            var start = text.IndexOf('{', at);
            var end = text.IndexOf("\n}", start, StringComparison.Ordinal) + 2;
            answers.Add(JsonDocument.Parse(text[start..end]).RootElement.Clone());
        }

        return answers;
    }

    /// <summary>
    /// The field list an example answer documents: each field with the JSON type the example shows (an identifier, named
    /// with a capital <c>ID</c>, holding a UUID: a bare UUID, §0 of lydian.md). Where the seed's
    /// table and its example disagree (<c>amount</c> and <c>status</c>: "string" in the table, numbers in the example),
    /// the example wins: it is what a client's model is built from, and lydian.md §0 gives amounts and statuses as numbers.
    /// </summary>
    public static (string, Documented)[] FieldsOf(JsonElement example) => example.EnumerateObject()
        .Select(p => (p.Name, p.Value.ValueKind switch
        {
            JsonValueKind.Number when p.Value.TryGetInt64(out _) && !p.Value.GetRawText().Contains('.') => Documented.Integer,
            JsonValueKind.Number => Documented.Number,
            JsonValueKind.String when p.Name.EndsWith("ID", StringComparison.Ordinal) && Guid.TryParseExact(p.Value.GetString(), "D", out _) => Documented.Uuid,
            JsonValueKind.Object => Documented.Object,
            JsonValueKind.Array => Documented.Array,
            JsonValueKind.True or JsonValueKind.False => Documented.Boolean,
            _ => Documented.String,
        }))
        .ToArray();

    /// <summary>The request with the seed's optional <c>fxRate</c> line left out (and the comma it leaves behind).</summary>
    public static CurlCommand WithoutOptional(CurlCommand command) => command with
    {
        Body = DanglingComma().Replace(string.Join('\n', command.Body!.Split('\n').Where(l => !l.Contains("// OPTIONAL", StringComparison.Ordinal))), "$1"),
    };

    /// <summary>The request with the optional line kept; <c>// OPTIONAL</c> is the docs' note, not JSON, so it goes.</summary>
    public static CurlCommand WithOptional(CurlCommand command) => command with { Body = command.Body!.Replace(" // OPTIONAL", "", StringComparison.Ordinal) };

    /// <summary>The same call with the secret key instead of the publishable one, as the seed says <c>fxRate</c> needs.</summary>
    public static CurlCommand WithSecretKey(CurlCommand command) => command with
    {
        Headers = command.Headers.Select(h => h.Name == "X-Publishable-Key" ? ("X-Api-Key", "{API_KEY}") : h).ToList(),
    };

    private static string SeedText()
    {
        var path = Path.Combine(OpenApiDocumentTests.RepositoryRoot(), "..", "shared", "seeds", SeedFile);
        Assert.True(File.Exists(path), $"The checkout seed is read from {Path.GetFullPath(path)} (shared/ beside the repository), and it is not there.");
        return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@",(\s*\})")]
    private static partial Regex DanglingComma();
}
