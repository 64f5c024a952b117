using System.Net;
using System.Text;
using PaySessions.Core.Webhooks;
using PaySessions.Pos.Tests.Support;

namespace PaySessions.Pos.Tests.Webhooks;

/// <summary>
/// The webhook receiver the delivery tests rely on, checked on its own: it verifies as the standardwebhooks library
/// does, answers as told, and comes back on its port. Signing with our <see cref="WebhookSignature"/> also shows that
/// integrators' standard library accepts what we sign.
/// </summary>
public sealed class ReceiverToolTests : IAsyncLifetime
{
    private const string Hook = "/hooks/orders";
    private const string Body = """{"type":"session.paid","data":{"sessionId":"ses_1","amount":"12.34"}}""";
    private readonly HttpClient _http = new();
    private readonly string _secret = WebhookSignature.NewSecret();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        await _receiver.SetSecretAsync(Hook, _secret);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task a_delivery_signed_by_our_signer_is_verified_by_the_standard_library()
    {
        using var response = await DeliverAsync("msg_ok", Now(), Body);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var delivery = Assert.Single(await _receiver.ReceivedAsync(Hook));
        Assert.True(delivery.Verified, delivery.Error);
        Assert.Equal("msg_ok", delivery.Id);
        Assert.Equal("session.paid", delivery.Type);
        Assert.Equal("12.34", delivery.Body.GetProperty("data").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task a_body_changed_by_one_character_after_signing_is_not_verified()
    {
        var timestamp = Now();
        var signature = WebhookSignature.Sign(_secret, "msg_tampered", timestamp, Body);

        using var response = await DeliverAsync("msg_tampered", timestamp, Body.Replace("12.34", "12.35", StringComparison.Ordinal), signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var delivery = Assert.Single(await _receiver.ReceivedAsync(Hook));
        Assert.False(delivery.Verified);
        Assert.Equal("No matching signature found", delivery.Error);
        Assert.Equal("12.35", delivery.Body.GetProperty("data").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task a_delivery_signed_with_another_secret_is_not_verified()
    {
        var timestamp = Now();
        var signature = WebhookSignature.Sign(WebhookSignature.NewSecret(), "msg_other", timestamp, Body);

        using var response = await DeliverAsync("msg_other", timestamp, Body, signature);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(Assert.Single(await _receiver.ReceivedAsync(Hook)).Verified);
    }

    [Fact]
    public async Task a_delivery_signed_ten_minutes_ago_is_refused_as_too_old()
    {
        var tenMinutesAgo = Now() - 600;

        using var response = await DeliverAsync("msg_old", tenMinutesAgo, Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var delivery = Assert.Single(await _receiver.ReceivedAsync(Hook));
        Assert.False(delivery.Verified);
        Assert.Equal("Message timestamp too old", delivery.Error);
        Assert.Equal(tenMinutesAgo, delivery.Timestamp);
    }

    [Fact]
    public async Task a_path_told_to_answer_503_does_so_with_retry_after_and_still_records_the_delivery()
    {
        await _receiver.SetModeAsync(Hook, 503, retryAfter: "1");

        using (var refused = await DeliverAsync("msg_busy", Now(), Body))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        }

        await _receiver.ClearModeAsync(Hook);
        using (var accepted = await DeliverAsync("msg_busy", Now(), Body))
        {
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        }

        var attempts = await _receiver.ReceivedAsync(Hook);
        Assert.Equal([503, 204], attempts.Select(a => a.Status));
        Assert.All(attempts, a => Assert.True(a.Verified, a.Error));
    }

    [Fact]
    public async Task a_stopped_receiver_refuses_connections_and_comes_back_on_the_same_port_with_its_secret()
    {
        using (await DeliverAsync("msg_before", Now(), Body))
        {
        }

        var port = _receiver.Port;
        await _receiver.StopAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => DeliverAsync("msg_while_down", Now(), Body));

        await _receiver.RestartAsync();
        using var response = await DeliverAsync("msg_after", Now(), Body);

        Assert.Equal(port, _receiver.Port);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var deliveries = await _receiver.WaitForAsync(Hook, r => r.Count == 2, TimeSpan.FromSeconds(5));
        Assert.Equal(["msg_before", "msg_after"], deliveries.Select(d => d.Id));
        Assert.All(deliveries, d => Assert.True(d.Verified, d.Error));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Posts <paramref name="body"/> as our delivery does, signed for it unless a signature is given.</summary>
    private async Task<HttpResponseMessage> DeliverAsync(string id, long timestamp, string body, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _receiver.Url(Hook))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature ?? WebhookSignature.Sign(_secret, id, timestamp, body));
        return await _http.SendAsync(request);
    }
}
