using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Persistence;
using PaySessions.Core.Sessions;
using PaySessions.Core.Tests.Support;
using PaySessions.Core.Vouchers;
using PaySessions.Core.Webhooks;

namespace PaySessions.Core.Tests.Webhooks;

/// <summary>What the outbox does when a receiver fails: retries on schedule, gives up, disables the endpoint.</summary>
public sealed partial class WebhookOutboxTests
{
    [Fact]
    public async Task a_server_error_is_retried_on_schedule_and_the_next_message_waits_for_it()
    {
        await EndpointAsync();
        _receiver.Answer = n => (n == 0 ? 500 : 200, null, TimeSpan.Zero);
        var session = await CreateSessionAsync(_merchant);
        await _core.Get<SessionService>().CancelAsync(session.Id, _merchant.MerchantId);

        var nextDue = await SendAsync();
        Assert.Single(_receiver.Requests);
        var (first, second) = (await DeliveriesAsync()) is [var a, var b] ? (a, b) : throw new InvalidOperationException();
        Assert.Equal(WebhookDeliveryStatus.Pending, first.Status);
        Assert.Equal(500, first.LastStatusCode);
        Assert.Equal(Now() + TimeSpan.FromSeconds(5), first.NextAttemptAt);
        Assert.Equal(first.NextAttemptAt, nextDue);
        Assert.Equal(0, second.Attempts);

        await SendAsync();
        Assert.Single(_receiver.Requests); // not due yet, and the second waits behind it

        _core.Time.Advance(TimeSpan.FromSeconds(5));
        await SendAsync();
        Assert.Equal(["session.created", "session.created", "session.canceled"], _receiver.Requests.Select(TypeOf));
        Assert.All(await DeliveriesAsync(), d => Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status));

        var attempts = await _core.Get<WebhookReads>().AttemptsAsync(_merchant.MerchantId, first.PublicId);
        Assert.Equal([500, 200], attempts!.Select(a => a.StatusCode));
        Assert.Equal("answered 500", attempts![0].Response);
    }

    [Fact]
    public async Task a_client_error_fails_at_once_and_the_next_message_goes()
    {
        await EndpointAsync();
        _receiver.Answer = n => (n == 0 ? 410 : 200, null, TimeSpan.Zero);
        var session = await CreateSessionAsync(_merchant);
        await _core.Get<SessionService>().CancelAsync(session.Id, _merchant.MerchantId);

        await SendAsync();

        Assert.Equal([WebhookDeliveryStatus.Failed, WebhookDeliveryStatus.Delivered], (await DeliveriesAsync()).Select(d => d.Status));
        Assert.Equal("HTTP 410", (await DeliveriesAsync())[0].LastError!);
    }

    [Fact]
    public async Task too_many_requests_waits_as_long_as_retry_after_says()
    {
        await EndpointAsync();
        _receiver.Answer = _ => (429, "120", TimeSpan.Zero);
        await CreateSessionAsync(_merchant);

        await SendAsync();

        Assert.Equal(Now() + TimeSpan.FromSeconds(120), (await DeliveriesAsync())[0].NextAttemptAt);
    }

    [Fact]
    public async Task a_receiver_that_does_not_answer_in_time_is_retried()
    {
        await EndpointAsync();
        _receiver.Answer = _ => (200, null, TimeSpan.FromSeconds(3));
        await CreateSessionAsync(_merchant);

        await SendAsync();

        var delivery = (await DeliveriesAsync())[0];
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal("No answer within 1 s", delivery.LastError);
        Assert.Null(delivery.LastStatusCode);
    }

    [Fact]
    public async Task when_the_schedule_is_used_up_the_delivery_has_failed_and_a_manual_retry_sends_the_same_bytes_again()
    {
        await EndpointAsync();
        _receiver.Answer = _ => (503, null, TimeSpan.Zero);
        await CreateSessionAsync(_merchant);

        foreach (var wait in new[] { 0, 5, 300, 1800, 7200, 18000, 36000, 36000 })
        {
            _core.Time.Advance(TimeSpan.FromSeconds(wait));
            await SendAsync();
        }

        var delivery = (await DeliveriesAsync())[0];
        Assert.Equal(8, _receiver.Requests.Count);
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Null(delivery.NextAttemptAt);

        _receiver.Answer = _ => (200, null, TimeSpan.Zero);
        var retried = await _core.Get<RetryWebhookDeliveries>().OneAsync(_merchant.MerchantId, delivery.PublicId);
        Assert.True(retried.Ok);
        await SendAsync();

        Assert.Equal(9, _receiver.Requests.Count);
        Assert.Equal(_receiver.Requests[0].Body, _receiver.Requests[8].Body);
        Assert.Equal(_receiver.Requests[0].Headers["webhook-id"], _receiver.Requests[8].Headers["webhook-id"]);
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await DeliveriesAsync())[0].Status);
        var again = await _core.Get<RetryWebhookDeliveries>().OneAsync(_merchant.MerchantId, delivery.PublicId);
        Assert.Equal("already_delivered", again.Error!.Code);
        var foreign = await _core.Get<RetryWebhookDeliveries>().OneAsync((await _core.NewMerchantAsync("Other")).MerchantId, delivery.PublicId);
        Assert.Equal("not_found", foreign.Error!.Code);
    }

    [Fact]
    public async Task an_endpoint_failing_for_too_long_is_disabled_keeps_its_queue_and_delivers_it_once_enabled()
    {
        var (endpoint, _) = await EndpointAsync();
        _receiver.Answer = _ => (503, null, TimeSpan.Zero);
        await CreateSessionAsync(_merchant);
        await SendAsync();
        _core.Time.Advance(TimeSpan.FromDays(29));
        await SendAsync();
        Assert.True((await _core.Get<WebhookReads>().EndpointAsync(_merchant.MerchantId, endpoint.Id))!.Active);
        _core.Time.Advance(TimeSpan.FromDays(1));
        await SendAsync();

        var disabled = (await _core.Get<WebhookReads>().EndpointAsync(_merchant.MerchantId, endpoint.Id))!;
        Assert.False(disabled.Active);
        Assert.Contains("disabled after", disabled.DisabledReason);
        await CreateSessionAsync(_merchant);
        Assert.Single(await DeliveriesAsync()); // nothing new is queued for a disabled endpoint

        _receiver.Answer = _ => (200, null, TimeSpan.Zero);
        Assert.True((await _core.Get<ChangeWebhookEndpoint>().EnableAsync(_merchant.MerchantId, endpoint.Id)).Ok);
        await SendAsync();
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await DeliveriesAsync())[0].Status);
    }
}
