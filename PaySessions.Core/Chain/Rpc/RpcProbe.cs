using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaySessions.Core.Common;

namespace PaySessions.Core.Chain.Rpc;

/// <summary>What a node answered when tested: the chain it serves and its latest block.</summary>
public sealed record RpcProbeAnswer(string Url, long ChainId, long LatestBlock, DateTime LatestBlockTime);

/// <summary>
/// Tests one RPC URL for a network before it is saved: asks the node for its chain id and latest block, with a short
/// timeout, over HTTP(S) or WebSocket. Refuses, with a reason an owner can act on, a URL that cannot be reached, one
/// that does not speak Ethereum JSON-RPC, and one that serves another chain than the network's.
/// </summary>
public sealed partial class RpcProbe(IHttpClientFactory httpFactory, ILogger<RpcProbe> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<Result<RpcProbeAnswer>> TestAsync(Network network, string url, CancellationToken cancellationToken = default)
    {
        var text = url.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            return Refused(ErrorCodes.ValidationFailed, $"'{text}' is not an http(s) or ws(s) URL.");
        }

        Result<RpcProbeAnswer> result;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var answer = uri.Scheme is "ws" or "wss" ? await AskOverWebSocketAsync(uri, timeout.Token) : await AskOverHttpAsync(uri, timeout.Token);
            result = answer.ChainId == network.ChainId
                ? answer with { Url = text }
                : Refused(ErrorCodes.RpcWrongChain, $"This RPC serves chain {answer.ChainId}, not {network.DisplayName} ({network.ChainId}).");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            result = Explain(ex);
        }

        LogProbed(logger, network.Name, uri.GetLeftPart(UriPartial.Authority), result.Error?.Message ?? $"chain {result.Value!.ChainId}, block {result.Value.LatestBlock}");
        return result;
    }

    private async Task<RpcProbeAnswer> AskOverHttpAsync(Uri uri, CancellationToken cancellationToken)
    {
        // One attempt, no retries: the owner is waiting, and a flaky URL should be seen as flaky.
        var client = new JsonRpcClient("probe", [uri], httpFactory.CreateClient("rpc"), new ChainOptions { MaxRounds = 1, RequestTimeout = Timeout }, NullLogger.Instance);
        return await AskAsync((method, parameters) => client.CallAsync(method, parameters, cancellationToken));
    }

    private static async Task<RpcProbeAnswer> AskOverWebSocketAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, cancellationToken);
        var id = 0;
        var answer = await AskAsync(async (method, parameters) =>
        {
            var request = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = ++id, ["method"] = method, ["params"] = parameters });
            await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            using var reply = JsonDocument.Parse(await ReceiveAsync(socket, cancellationToken));
            if (reply.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                throw new RpcErrorException(method, error.TryGetProperty("code", out var code) && code.TryGetInt64(out var n) ? n : 0,
                    error.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "");
            }

            return reply.RootElement.GetProperty("result").Clone();
        });
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return answer;
    }

    private static async Task<RpcProbeAnswer> AskAsync(Func<string, object?[], Task<JsonElement>> call)
    {
        var chainId = Hex.ToLong((await call("eth_chainId", [])).GetString()!);
        var block = await call("eth_getBlockByNumber", ["latest", false]);
        return new RpcProbeAnswer("",
            chainId,
            Hex.ToLong(block.GetProperty("number").GetString()!),
            DateTimeOffset.FromUnixTimeSeconds(Hex.ToLong(block.GetProperty("timestamp").GetString()!)).UtcDateTime);
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close || message.Length + received.Count > 1024 * 1024)
            {
                throw new WebSocketException(WebSocketError.InvalidMessageType, "The node closed the connection without answering.");
            }

            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return message.ToArray();
    }

    /// <summary>Turns what went wrong into one of three refusals: unreachable, not JSON-RPC, or (above) the wrong chain.</summary>
    private static PayError Explain(Exception ex)
    {
        var cause = ex is RpcUnavailableException { InnerException: { } inner } ? inner : ex;
        return cause switch
        {
            OperationCanceledException => Unreachable($"This RPC did not answer within {Timeout.TotalSeconds:0} seconds."),
            HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests } => Unreachable("This RPC refused the request as rate-limited (HTTP 429); try again, or use another provider."),
            HttpRequestException { StatusCode: { } status } when (int)status >= 500 => Unreachable($"This RPC answered HTTP {(int)status}: the node is failing."),
            HttpRequestException { StatusCode: { } status } => NotJsonRpc($"This URL answered HTTP {(int)status}: it is not a JSON-RPC endpoint (check the path and any API key in it)."),
            HttpRequestException or IOException => Unreachable($"This RPC cannot be reached: {cause.Message.TrimEnd('.')}."),
            WebSocketException { WebSocketErrorCode: WebSocketError.NotAWebSocket } => NotJsonRpc("This URL does not accept WebSocket connections."),
            WebSocketException => Unreachable($"This RPC cannot be reached over WebSocket: {cause.Message.TrimEnd('.')}."),
            RpcErrorException rpc => NotJsonRpc($"This URL does not serve Ethereum JSON-RPC ({rpc.Message})."),
            _ => NotJsonRpc("This URL answered, but not as an Ethereum JSON-RPC node."),
        };
    }

    private static PayError Unreachable(string message) => new(PayErrorKind.Unavailable, ErrorCodes.RpcUnreachable, message);

    private static PayError NotJsonRpc(string message) => new(PayErrorKind.Invalid, ErrorCodes.RpcNotJsonRpc, message);

    private static PayError Refused(string code, string message) => new(PayErrorKind.Invalid, code, message);

    [LoggerMessage(Level = LogLevel.Information, Message = "RPC test for {Network} at {Endpoint}: {Outcome}")]
    private static partial void LogProbed(ILogger logger, string network, string endpoint, string outcome);
}
