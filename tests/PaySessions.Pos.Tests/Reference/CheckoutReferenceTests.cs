using System.Net;
using System.Text.Json;
using PaySessions.Pos.Tests.Support;
using static PaySessions.Pos.Tests.Reference.CheckoutReference;

namespace PaySessions.Pos.Tests.Reference;

/// <summary>
/// A client written against the checkout vendor's reference, run against the app as Development seeds it (the demo
/// store and its keys): every documented request replayed as printed, every documented answer field checked by name
/// and JSON type. Where we deviate on purpose, the test says so next to the assertion.
/// </summary>
public sealed class CheckoutReferenceTests : IAsyncLifetime
{
    private TestPos _pos = null!;
    private HttpClient _client = null!;
    private Dictionary<string, string> _values = null!;

    public async Task InitializeAsync()
    {
        _pos = await TestPos.StartAsync(new Dictionary<string, string?>
        {
            // What Development seeds (appsettings.Development.json), without its dev chain: nothing here pays.
            ["Demo:Enabled"] = "true",
            ["Demo:Wallets:polygon"] = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        });
        _client = new HttpClient();
        _values = Placeholders(_pos.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _pos.DisposeAsync();
    }

    [Fact]
    public async Task the_seeds_create_session_example_answers_its_documented_fields_with_either_key()
    {
        var create = CurlCommand.Parse(SeedCurlCommands()[0]);
        var documented = FieldsOf(SeedExampleAnswers()[0]);

        var withPublishableKey = await JsonAsync(WithoutOptional(create));
        DocumentedFields.AssertHas(withPublishableKey, "POST /session (publishable key)", documented);
        DocumentedFields.AssertHas(await JsonAsync(WithSecretKey(WithOptional(create))), "POST /session (secret key, fxRate)", documented);

        // "fxRate can only be passed ... using the API Key instead of the Publishable Key."
        await (await SendAsync(WithOptional(create))).ProblemAsync(HttpStatusCode.Forbidden, "fx_rate_requires_api_key");

        // qrData is the hosted page of this session; ours is /pay/{sessionID} where the vendor's is /session/{sessionID}.
        Assert.Equal($"{_values["{BASE_URL}"]}/pay/{withPublishableKey.GetProperty("sessionID").GetString()}", withPublishableKey.GetProperty("qrData").GetString());
    }

    [Fact]
    public async Task the_seeds_get_session_example_answers_every_field_of_its_example_with_the_examples_types()
    {
        var created = await JsonAsync(WithoutOptional(CurlCommand.Parse(SeedCurlCommands()[0])));
        _values["{sessionID}"] = created.GetProperty("sessionID").GetString()!;
        var example = SeedExampleAnswers()[1];

        var session = await JsonAsync(CurlCommand.Parse(SeedCurlCommands()[1]));

        DocumentedFields.AssertHas(session, "GET /session/{sessionID}", FieldsOf(example));
        Assert.Equal(example.EnumerateObject().Select(p => p.Name), session.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("Brimspire: Test!", "d83fba40-87ea-4a62-bafa-a2601a673f51", 0.01m, "USD", 0, ""), (
            session.GetProperty("descriptor").GetString(), session.GetProperty("referenceNumber").GetString(), session.GetProperty("amount").GetDecimal(),
            session.GetProperty("amountCurrency").GetString(), session.GetProperty("status").GetInt32(), session.GetProperty("transactionID").GetString()));
        Assert.Equal(created.GetProperty("qrData").GetString(), session.GetProperty("qrData").GetString());
    }

    [Fact]
    public async Task the_sdks_hosted_page_flow_creates_polls_and_cancels_a_transaction_and_its_session()
    {
        var created = await JsonAsync(CurlCommand.Parse(SdkCreateTransaction));
        DocumentedFields.AssertHas(created, "POST /transaction (docs' model)", CreatedTransactionModel);
        DocumentedFields.AssertHas(created, "POST /transaction (SDK)", CreatedTransactionSdk);
        // The SDK keeps the id it was given under its own spelling and polls with it.
        _values["{transactionID}"] = created.GetProperty("transactionId").GetString()!;

        var polled = await JsonAsync(CurlCommand.Parse(SdkGetTransaction));
        DocumentedFields.AssertHas(polled, "GET /transaction/{transactionID}", Transaction);
        // The reference's own example: nothing paid yet, so everything remains, in the sale's currency.
        Assert.Equal((_values["{transactionID}"], 0, 25.5m, "USD", 25.5m, 0), (polled.GetProperty("transactionID").GetString(), polled.GetProperty("status").GetInt32(),
            polled.GetProperty("amount").GetDecimal(), polled.GetProperty("amountCurrency").GetString(), polled.GetProperty("remainingBalance").GetDecimal(),
            polled.GetProperty("cryptoTransactions").EnumerateObject().Count()));

        // "After asset/network selection, the Session includes a transactionID referencing the Transaction."
        _values["{sessionID}"] = created.GetProperty("sessionID").GetString()!;
        var session = await JsonAsync(CurlCommand.Parse(SeedCurlCommands()[1]));
        Assert.Equal(_values["{transactionID}"], session.GetProperty("transactionID").GetString());

        var canceled = await JsonAsync(CurlCommand.Parse(SdkCancelTransaction));
        DocumentedFields.AssertHas(canceled, "PATCH /transaction/{id}/cancel", Transaction);
        // "canceled" has no number in the reference; ours is 3, for the transaction and its session alike.
        Assert.Equal(3, (await JsonAsync(CurlCommand.Parse(SdkGetTransaction))).GetProperty("status").GetInt32());
        Assert.Equal(3, (await JsonAsync(CurlCommand.Parse(SeedCurlCommands()[1]))).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task the_sdks_keyless_session_poll_is_refused_because_the_reference_reads_sessions_with_a_key()
    {
        _values["{sessionID}"] = (await JsonAsync(WithoutOptional(CurlCommand.Parse(SeedCurlCommands()[0])))).GetProperty("sessionID").GetString()!;

        await (await SendAsync(CurlCommand.Parse(SdkKeylessSessionPoll))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task the_keys_reference_creates_both_kinds_lists_them_by_type_and_the_new_keys_work()
    {
        _values["{accountUUID}"] = await AccountIdAsync();

        _values["{KEY_TYPE}"] = "api";
        _values["{KEY_NAME}"] = "Back office";
        var api = await JsonAsync(CurlCommand.Parse(CreateKey));
        _values["{KEY_TYPE}"] = "publishable";
        _values["{KEY_NAME}"] = "Web checkout";
        var publishable = await JsonAsync(CurlCommand.Parse(CreateKey));

        DocumentedFields.AssertHas(api, "POST /accounts/{accountUUID}/keys (api)", CreatedKey);
        DocumentedFields.AssertHas(publishable, "POST /accounts/{accountUUID}/keys (publishable)", CreatedKey);
        Assert.StartsWith("ak_", api.GetProperty("generatedKey").GetString());
        Assert.StartsWith("pk_", publishable.GetProperty("generatedKey").GetString());
        // "privateKey: empty string for publishable"; we issue no key pair, so it is empty for api keys too.
        Assert.Equal(("", ""), (api.GetProperty("privateKey").GetString(), publishable.GetProperty("privateKey").GetString()));

        var list = await JsonAsync(CurlCommand.Parse(ListKeys));
        DocumentedFields.AssertHas(list, "GET /accounts/{accountUUID}/keys", KeyList);
        var groups = list.GetProperty("keys");
        DocumentedFields.AssertHas(groups, "keys", ("api", Documented.Array), ("publishable", Documented.Array));
        foreach (var entry in groups.GetProperty("api").EnumerateArray().Concat(groups.GetProperty("publishable").EnumerateArray()))
        {
            DocumentedFields.AssertHas(entry, "a key of the list", KeyEntry);
        }

        Assert.Contains(groups.GetProperty("api").EnumerateArray(), k => k.GetProperty("name").GetString() == "Back office");
        Assert.Contains(groups.GetProperty("publishable").EnumerateArray(), k => k.GetProperty("name").GetString() == "Web checkout");

        // The new keys do what the reference says they are for: the publishable key opens sessions, the api key manages keys.
        _values["{PUBLISHABLE_KEY}"] = publishable.GetProperty("generatedKey").GetString()!;
        _values["{API_KEY}"] = api.GetProperty("generatedKey").GetString()!;
        await JsonAsync(WithoutOptional(CurlCommand.Parse(SeedCurlCommands()[0])));
        await JsonAsync(CurlCommand.Parse(ListKeys));
    }

    [Fact]
    public async Task the_webhooks_reference_registers_an_endpoint_that_receives_the_documented_payload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        _values["{accountUUID}"] = await AccountIdAsync();
        _values["{WEBHOOK_URL}"] = receiver.Url("/lydian");

        var registered = await JsonAsync(CurlCommand.Parse(CreateWebhook));
        DocumentedFields.AssertHas(registered, "POST /accounts/{accountUUID}/webhooks", CreatedWebhook);
        await receiver.SetSecretAsync("/lydian", registered.GetProperty("secret").GetString()!);

        // The reference's example payload carries merchantTransactionID "sample ID": ours is the sale's referenceNumber.
        _values["{OPTIONAL_REFERENCE_NUMBER}"] = "sample ID";
        _values["{transactionID}"] = (await JsonAsync(CurlCommand.Parse(SdkCreateTransaction))).GetProperty("transactionId").GetString()!;
        await JsonAsync(CurlCommand.Parse(SdkCancelTransaction));

        var received = Assert.Single(await receiver.WaitForAsync("/lydian", r => r.Count >= 1, TimeSpan.FromSeconds(30)));
        Assert.True(received.Verified, received.Error);
        DocumentedFields.AssertHas(received.Body, "the webhook payload", WebhookPayload);
        Assert.False(received.Body.TryGetProperty("error", out _), "error is sent only when there is one");
        Assert.Equal((_values["{accountUUID}"], _values["{transactionID}"], "sample ID", 3), (received.Body.GetProperty("accountID").GetString(),
            received.Body.GetProperty("lydianpayTransactionID").GetString(), received.Body.GetProperty("merchantTransactionID").GetString(), received.Body.GetProperty("status").GetInt32()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$", received.Body.GetProperty("timestamp").GetString());
    }

    /// <summary>The demo store's <c>accountID</c>, found as an integrator finds it: on a session it created (seed, Get Session).</summary>
    private async Task<string> AccountIdAsync()
    {
        _values["{sessionID}"] = (await JsonAsync(WithoutOptional(CurlCommand.Parse(SeedCurlCommands()[0])))).GetProperty("sessionID").GetString()!;
        return (await JsonAsync(CurlCommand.Parse(SeedCurlCommands()[1]))).GetProperty("accountID").GetString()!;
    }

    private Task<HttpResponseMessage> SendAsync(CurlCommand command) => command.With(_values).SendAsync(_client);

    private async Task<JsonElement> JsonAsync(CurlCommand command) => await (await SendAsync(command)).JsonAsync();
}
