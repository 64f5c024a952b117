using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace PaySessions.Core.Chain.Rpc;

/// <summary>A JSON-RPC error the node answered with: the request reached it and was refused; retrying elsewhere will not help.</summary>
public sealed class RpcErrorException(string method, long code, string message)
    : Exception($"{method} failed with JSON-RPC error {code}: {message}")
{
    public long Code { get; } = code;
}

/// <summary>No RPC URL of a network answered, after retries on each.</summary>
public sealed class RpcUnavailableException(string network, Exception? last)
    : Exception($"No RPC endpoint of {network} answered.", last);

/// <summary>
/// A small JSON-RPC 2.0 client over HttpClient. Several URLs per network: a failing one (connection error,
/// timeout, 5xx, 429) hands over to the next; after a full round it backs off with jitter before the next round.
/// </summary>
public sealed partial class JsonRpcClient(
    string network, IReadOnlyList<Uri> endpoints, HttpClient http, ChainOptions options, ILogger logger)
{
    private long _nextId;
    private long _calls;
    private int _preferred;

    public string Network => network;

    /// <summary>Calls made so far (every attempt counts): what the benchmark reports per scanned block.</summary>
    public long CallCount => Interlocked.Read(ref _calls);

    public async Task<JsonElement> CallAsync(string method, object?[] parameters, CancellationToken cancellationToken)
    {
        if (endpoints.Count == 0)
        {
            throw new RpcUnavailableException(network, null);
        }

        Exception? last = null;
        for (var round = 0; round < options.MaxRounds; round++)
        {
            if (round > 0)
            {
                await Task.Delay(Backoff.Delay(round, options.BackoffBase, options.BackoffMax), cancellationToken);
            }

            for (var i = 0; i < endpoints.Count; i++)
            {
                var index = (Volatile.Read(ref _preferred) + i) % endpoints.Count;
                try
                {
                    var result = await SendAsync(endpoints[index], method, parameters, cancellationToken);
                    Volatile.Write(ref _preferred, index);
                    return result;
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken))
                {
                    last = ex;
                    LogEndpointFailed(logger, network, endpoints[index].Authority, method, ex.Message);
                }
            }
        }

        throw new RpcUnavailableException(network, last);
    }

    private async Task<JsonElement> SendAsync(Uri endpoint, string method, object?[] parameters, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var id = Interlocked.Increment(ref _nextId);
        var body = JsonSerializer.SerializeToUtf8Bytes(new RpcRequest(id, method, parameters));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync(endpoint, content, timeout.Token);
        if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode}", null, response.StatusCode);
        }

        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt64(out var n) ? n : 0;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            // -32005 is the common "limit exceeded / rate limited" code: treat like HTTP 429.
            if (code == -32005)
            {
                throw new HttpRequestException($"rate limited: {message}", null, HttpStatusCode.TooManyRequests);
            }

            throw new RpcErrorException(method, code, message);
        }

        return root.TryGetProperty("result", out var result) ? result.Clone() : default;
    }

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or JsonException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RPC {Network} at {Endpoint} failed on {Method}: {Reason}")]
    private static partial void LogEndpointFailed(ILogger logger, string network, string endpoint, string method, string reason);

    private sealed record RpcRequest(long Id, string Method, object?[] Params)
    {
        [System.Text.Json.Serialization.JsonPropertyName("jsonrpc")]
        public string JsonRpc => "2.0";

        [System.Text.Json.Serialization.JsonPropertyName("id")]
        public long Id { get; } = Id;

        [System.Text.Json.Serialization.JsonPropertyName("method")]
        public string Method { get; } = Method;

        [System.Text.Json.Serialization.JsonPropertyName("params")]
        public object?[] Params { get; } = Params;
    }
}

/// <summary>Exponential backoff with full jitter, so many clients recovering together don't hammer a node in step.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan max)
    {
        var ceiling = Math.Min(max.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
