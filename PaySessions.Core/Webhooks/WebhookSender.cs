using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Webhooks;

/// <summary>
/// Sends the outbox. For each active endpoint it takes the oldest pending delivery and, when it is due, posts
/// it signed; the next one of that endpoint waits until it is delivered or given up. Endpoints are served side
/// by side. Every attempt is logged. Rows change only after an attempt, so a crash at any point loses nothing:
/// after a restart the same message goes again under the same id.
/// </summary>
public sealed partial class WebhookSender(
    IDbContextFactory<PayDbContext> dbFactory,
    WriteGate writeGate,
    DatabaseReady ready,
    WebhookSignal signal,
    WebhookDirectory directory,
    WebhookAddressPolicy addresses,
    SealedSecrets secrets,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>Even with nothing due, look again this often (a retry asked for by another process, a clock jump).</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new(addresses.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await ready.WhenPreparedAsync(stoppingToken))
        {
            return; // start-up failed and says why
        }

        // Off the host's start: SQLite's async calls complete synchronously, so a first pass run before the first await
        // would hold up the server's start (and the first answer) by its queries.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                var nextDue = await SendDueAsync(stoppingToken);
                sleep = nextDue is { } due ? Clamp(due - Now()) : LongestSleep;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(logger, ex);
                sleep = TimeSpan.FromSeconds(5);
            }

            try
            {
                await signal.WaitAsync(sleep, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends everything due now, endpoint by endpoint in parallel; returns when the next pending delivery falls due.</summary>
    public async Task<DateTime?> SendDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> endpointIds;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            endpointIds = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status == WebhookDeliveryStatus.Pending)
                .Select(d => d.EndpointId)
                .Distinct()
                .ToListAsync(cancellationToken);
        }

        var nextDue = new DateTime?[endpointIds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, endpointIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (index, ct) => nextDue[index] = await DrainAsync(endpointIds[index], ct));
        return nextDue.Where(d => d is not null).DefaultIfEmpty().Min();
    }

    /// <summary>One endpoint, in order: send its oldest pending delivery while one is due. Returns when the next is due, if any.</summary>
    private async Task<DateTime?> DrainAsync(Guid endpointId, CancellationToken cancellationToken)
    {
        while (true)
        {
            WebhookEndpoint? endpoint;
            WebhookDelivery? head;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                endpoint = await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId, cancellationToken);
                head = await db.WebhookDeliveries.AsNoTracking()
                    .Where(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Pending)
                    .OrderBy(d => d.Id)
                    .FirstOrDefaultAsync(cancellationToken);
            }

            if (endpoint is null || head is null || !endpoint.Active)
            {
                return null; // a disabled endpoint keeps its queue until it is enabled again
            }

            if (head.NextAttemptAt is { } due && due > Now())
            {
                return due;
            }

            await AttemptAsync(endpoint, head, cancellationToken);
        }
    }

    private async Task AttemptAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var started = Now();
        var clock = Stopwatch.StartNew();
        var outcome = await PostAsync(endpoint, delivery, cancellationToken);
        var elapsed = clock.Elapsed;
        var now = Now();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var row = await db.WebhookDeliveries.FirstAsync(d => d.Id == delivery.Id, cancellationToken);
            var owner = await db.WebhookEndpoints.FirstAsync(e => e.Id == endpoint.Id, cancellationToken);
            if (row.Status != WebhookDeliveryStatus.Pending || row.Attempts != delivery.Attempts)
            {
                return; // retried by hand or canceled meanwhile: this attempt's result no longer decides anything
            }

            db.WebhookAttempts.Add(WebhookAttempt.Of(row.Id, started, outcome.StatusCode, elapsed, outcome.Error, outcome.Response));
            var disabled = false;
            if (outcome.Delivered)
            {
                row.Delivered(now, outcome.StatusCode!.Value);
                owner.Succeeded(now);
            }
            else
            {
                row.AttemptFailed(now, outcome.StatusCode, outcome.Error ?? "failed", outcome.Retry ? NextAttempt(row.Attempts + 1, now, outcome.RetryAfter) : null);
                disabled = owner.Failed(now, options.Value.DisableAfter);
            }

            await db.SaveChangesAsync(cancellationToken);
            if (disabled)
            {
                directory.Invalidate();
                LogDisabled(logger, owner.PublicId, owner.MerchantId);
            }
        }

        if (outcome.Delivered)
        {
            LogDelivered(logger, delivery.Type, delivery.PublicId, endpoint.PublicId, outcome.StatusCode!.Value, (long)elapsed.TotalMilliseconds);
        }
        else
        {
            LogAttemptFailed(logger, delivery.Type, delivery.PublicId, endpoint.PublicId, outcome.Error ?? "");
        }
    }

    /// <summary>When attempt number <paramref name="attemptsMade"/> + 1 goes, or null when the schedule is used up.</summary>
    private DateTime? NextAttempt(int attemptsMade, DateTime now, TimeSpan? retryAfter)
    {
        var delays = options.Value.RetryDelays();
        if (attemptsMade > delays.Count)
        {
            return null;
        }

        var wait = retryAfter is { } asked ? (asked > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : asked) : delays[attemptsMade - 1];
        return now + wait;
    }

    private async Task<Outcome> PostAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        if (await addresses.CheckAsync(endpoint.Url, cancellationToken) is { } refused)
        {
            return Outcome.Failure(null, "Refused: " + refused, retry: true);
        }

        string secret;
        try
        {
            secret = secrets.Open(SealedSecrets.WebhookSecret, endpoint.Secret);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return Outcome.Failure(null, "The endpoint's secret cannot be read: the key ring that sealed it is gone (the keys folder beside the database). Rotate the secret.", retry: true);
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var messageId = delivery.MessageId.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, messageId, timestamp, delivery.Body));
        request.Headers.UserAgent.ParseAdd("PaySessions-Webhooks/1.0");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ReadExcerptAsync(response, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new Outcome(true, code, null, excerpt, false, null);
            }

            var retry = code is 408 or 429 || code >= 500;
            var reason = code is >= 300 and < 400 ? $"HTTP {code}: redirects are not followed; register the final URL" : $"HTTP {code}";
            return new Outcome(false, code, reason, excerpt, retry, retry ? RetryAfter(response) : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome.Failure(null, $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s", retry: true);
        }
        catch (HttpRequestException ex)
        {
            return Outcome.Failure(null, ex.Message, retry: true);
        }
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[WebhookAttempt.MaxResponseLength];
            var read = 0;
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }

            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return "";
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestSleep ? LongestSleep : wait;

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private sealed record Outcome(bool Delivered, int? StatusCode, string? Error, string Response, bool Retry, TimeSpan? RetryAfter)
    {
        public static Outcome Failure(int? statusCode, string error, bool retry) =>
            new(false, statusCode, error.Length > 500 ? error[..500] : error, "", retry, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Type} {DeliveryId} delivered to {EndpointId}: HTTP {StatusCode} in {Milliseconds} ms")]
    private static partial void LogDelivered(ILogger logger, string type, string deliveryId, string endpointId, int statusCode, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Type} {DeliveryId} to {EndpointId} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string type, string deliveryId, string endpointId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} of merchant {MerchantId} disabled: every delivery failed for too long")]
    private static partial void LogDisabled(ILogger logger, string endpointId, Guid merchantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook sender's loop failed; trying again shortly")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
