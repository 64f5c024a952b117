using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain.Rpc;

namespace PaySessions.Core.Chain;

/// <summary>
/// New heads pushed by the node (eth_subscribe "newHeads" over WebSocket), so a block is scanned the moment it
/// exists instead of at the next poll. Reconnects with backoff; the monitor keeps polling meanwhile.
/// </summary>
public sealed partial class HeadSubscription(string network, Uri url, ChainOptions options, ILogger logger)
{
    private readonly Channel<BlockHeader> _heads = Channel.CreateBounded<BlockHeader>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<BlockHeader> Heads => _heads.Reader;

    public bool Connected { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(cancellationToken);
                failures = 0;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Any failure (socket, protocol, a malformed message) ends this connection, never the subscription.
                failures++;
                LogDisconnected(logger, network, ex.Message);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                Connected = false;
            }

            await Task.Delay(Backoff.Delay(failures, options.BackoffBase, options.BackoffMax), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, cancellationToken);
        var subscribe = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}""");
        await socket.SendAsync(subscribe, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            var (acknowledged, head) = Parse(message.GetBuffer().AsSpan(0, (int)message.Length));
            Connected |= acknowledged || head is not null;
            if (head is not null)
            {
                _heads.Writer.TryWrite(head);
            }
        }
    }

    /// <summary>Reads one message: the subscription's acknowledgement (a result with an id, no error), or a new head.</summary>
    private static (bool Acknowledged, BlockHeader? Head) Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (!root.TryGetProperty("params", out var parameters) || !parameters.TryGetProperty("result", out var block))
        {
            if (root.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"eth_subscribe was refused: {error}");
            }

            return (root.TryGetProperty("result", out _), null);
        }

        return (true, new BlockHeader(
            Hex.ToLong(block.GetProperty("number").GetString()!),
            block.GetProperty("hash").GetString()!.ToLowerInvariant(),
            block.GetProperty("parentHash").GetString()!.ToLowerInvariant(),
            DateTimeOffset.FromUnixTimeSeconds(Hex.ToLong(block.GetProperty("timestamp").GetString()!)).UtcDateTime));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Head subscription for {Network} dropped ({Reason}); polling until it reconnects")]
    private static partial void LogDisconnected(ILogger logger, string network, string reason);
}
