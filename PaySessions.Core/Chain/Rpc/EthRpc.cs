using System.Numerics;
using System.Text.Json;

namespace PaySessions.Core.Chain.Rpc;

/// <summary>The handful of eth_* calls the product needs, typed.</summary>
public sealed class EthRpc(JsonRpcClient rpc)
{
    public JsonRpcClient Client => rpc;

    public async Task<long> ChainIdAsync(CancellationToken cancellationToken) =>
        Hex.ToLong((await rpc.CallAsync("eth_chainId", [], cancellationToken)).GetString()!);

    /// <summary>The block header at <paramref name="number"/>, or the latest when null; null if the chain has no such block.</summary>
    public async Task<BlockHeader?> GetBlockAsync(long? number, CancellationToken cancellationToken)
    {
        var block = await rpc.CallAsync("eth_getBlockByNumber", [number is { } n ? Hex.FromLong(n) : "latest", false], cancellationToken);
        return ReadHeader(block);
    }

    /// <summary>The header of the block with this hash, or null if the node answering does not hold it (another fork).</summary>
    public async Task<BlockHeader?> GetBlockByHashAsync(string hash, CancellationToken cancellationToken) =>
        ReadHeader(await rpc.CallAsync("eth_getBlockByHash", [hash, false], cancellationToken));

    private static BlockHeader? ReadHeader(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new BlockHeader(
            Hex.ToLong(block.GetProperty("number").GetString()!),
            block.GetProperty("hash").GetString()!.ToLowerInvariant(),
            block.GetProperty("parentHash").GetString()!.ToLowerInvariant(),
            DateTimeOffset.FromUnixTimeSeconds(Hex.ToLong(block.GetProperty("timestamp").GetString()!)).UtcDateTime);
    }

    /// <summary>
    /// Every Transfer of the given tokens to the given recipients in a block range: one call, however many
    /// payments are open (the recipients are the merchants' wallets, not the payments).
    /// </summary>
    public async Task<IReadOnlyList<TransferLog>> GetTransfersAsync(
        long fromBlock, long toBlock, IReadOnlyCollection<string> tokens, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        var filter = TransferFilter(tokens, recipients);
        filter["fromBlock"] = Hex.FromLong(fromBlock);
        filter["toBlock"] = Hex.FromLong(toBlock);
        var logs = await rpc.CallAsync("eth_getLogs", [filter], cancellationToken);
        return logs.EnumerateArray().Select(ParseTransfer).OfType<TransferLog>().ToList();
    }

    /// <summary>
    /// The same filter for one block named by its hash: a node that does not have that exact block answers with an
    /// error instead of an empty list, so a lagging or forked node can never make us skip a block.
    /// </summary>
    public async Task<IReadOnlyList<TransferLog>> GetTransfersAsync(
        string blockHash, IReadOnlyCollection<string> tokens, IReadOnlyCollection<string> recipients, CancellationToken cancellationToken)
    {
        var filter = TransferFilter(tokens, recipients);
        filter["blockHash"] = blockHash;
        var logs = await rpc.CallAsync("eth_getLogs", [filter], cancellationToken);
        return logs.EnumerateArray().Select(ParseTransfer).OfType<TransferLog>().ToList();
    }

    private static Dictionary<string, object?> TransferFilter(IReadOnlyCollection<string> tokens, IReadOnlyCollection<string> recipients) => new()
    {
        ["address"] = tokens.ToArray(),
        ["topics"] = new object?[] { Keccak.TransferTopic, null, recipients.Select(Hex.AddressTopic).ToArray() },
    };

    public async Task<Receipt?> GetReceiptAsync(string txHash, CancellationToken cancellationToken)
    {
        var receipt = await rpc.CallAsync("eth_getTransactionReceipt", [txHash], cancellationToken);
        if (receipt.ValueKind != JsonValueKind.Object || receipt.GetProperty("blockHash").ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return new Receipt(
            receipt.GetProperty("transactionHash").GetString()!.ToLowerInvariant(),
            receipt.GetProperty("status").GetString() == "0x1",
            Hex.ToLong(receipt.GetProperty("blockNumber").GetString()!),
            receipt.GetProperty("blockHash").GetString()!.ToLowerInvariant(),
            receipt.GetProperty("logs").EnumerateArray().Select(ParseTransfer).OfType<TransferLog>().ToList());
    }

    /// <summary>The transaction itself (sender, recipient, value, calldata), or null when the node does not know it.</summary>
    public async Task<ChainTransaction?> GetTransactionAsync(string txHash, CancellationToken cancellationToken)
    {
        var tx = await rpc.CallAsync("eth_getTransactionByHash", [txHash], cancellationToken);
        if (tx.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new ChainTransaction(
            tx.GetProperty("hash").GetString()!.ToLowerInvariant(),
            tx.GetProperty("from").GetString()!.ToLowerInvariant(),
            tx.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String ? to.GetString()!.ToLowerInvariant() : null,
            Hex.ToBigInteger(tx.GetProperty("value").GetString()!),
            (tx.TryGetProperty("input", out var input) ? input.GetString() : tx.GetProperty("data").GetString())!.ToLowerInvariant());
    }

    /// <summary>Sends a transaction from an account the node holds unlocked (the development chain only).</summary>
    public async Task<string> SendTransactionAsync(string from, string to, string data, CancellationToken cancellationToken)
    {
        var tx = new Dictionary<string, object?> { ["from"] = from, ["to"] = to, ["data"] = data };
        return (await rpc.CallAsync("eth_sendTransaction", [tx], cancellationToken)).GetString()!;
    }

    public async Task<string> CallAsync(string to, string data, CancellationToken cancellationToken)
    {
        var call = new Dictionary<string, object?> { ["to"] = to, ["data"] = data };
        return (await rpc.CallAsync("eth_call", [call, "latest"], cancellationToken)).GetString()!;
    }

    private static TransferLog? ParseTransfer(JsonElement log)
    {
        var topics = log.GetProperty("topics");
        if (topics.GetArrayLength() != 3 || !string.Equals(topics[0].GetString(), Keccak.TransferTopic, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return new TransferLog(
            log.GetProperty("address").GetString()!.ToLowerInvariant(),
            Hex.TopicAddress(topics[1].GetString()!),
            Hex.TopicAddress(topics[2].GetString()!),
            Hex.ToBigInteger(log.GetProperty("data").GetString()!),
            log.GetProperty("transactionHash").GetString()!.ToLowerInvariant(),
            (int)Hex.ToLong(log.GetProperty("logIndex").GetString()!),
            Hex.ToLong(log.GetProperty("blockNumber").GetString()!),
            log.GetProperty("blockHash").GetString()!.ToLowerInvariant(),
            log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True);
    }
}
