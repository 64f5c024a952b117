using System.Net;
using System.Net.Http.Json;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Webhooks;

/// <summary>In Production a webhook must be https and must not point into the server's own networks.</summary>
public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("http://hooks.example.com/orders", "https")]
    [InlineData("https://127.0.0.1/hook", "127.0.0.1")]
    [InlineData("https://localhost/hook", "loopback")]
    [InlineData("https://10.1.2.3/hook", "10.1.2.3")]
    [InlineData("https://192.168.0.10:8443/hook", "192.168.0.10")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://[::1]/hook", "::1")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "10.0.0.1")]
    public async Task production_refuses_plain_http_and_private_network_addresses_and_writes_nothing(string url, string named)
    {
        await using var pos = await TestPos.StartAsync(environment: "Production");
        var (merchant, keys) = await pos.NewMerchantAsync();
        using var api = pos.Client(apiKey: keys.ApiKey);

        var problem = await (await api.PostAsJsonAsync("/webhooks", new { url })).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var checkout = await (await api.PostAsJsonAsync($"/accounts/{merchant.AccountId}/webhooks", new { name = "n", url })).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(named, problem.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Contains(named, checkout.GetProperty("errors").GetProperty("url")[0].GetString());
        Assert.Empty((await (await api.GetAsync("/webhooks")).JsonAsync()).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task an_operator_may_allow_private_networks_in_production_explicitly()
    {
        await using var pos = await TestPos.StartAsync(new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "true" }, environment: "Production");
        var (_, keys) = await pos.NewMerchantAsync();
        using var api = pos.Client(apiKey: keys.ApiKey);

        await (await api.PostAsJsonAsync("/webhooks", new { url = "https://10.1.2.3/hook" })).JsonAsync(HttpStatusCode.Created);
        await (await api.PostAsJsonAsync("/webhooks", new { url = "http://10.1.2.3/hook" })).ProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }
}
