using PaySessions.Core.Payments;

namespace PaySessions.Core.Chain.Rpc;

/// <summary><see cref="IChainReader"/> over each network's JSON-RPC client; node failures become <see cref="ChainUnavailableException"/>.</summary>
public sealed class RpcChainReader(RpcClients clients, ChainHeads heads) : IChainReader
{
    public bool CanRead(string network) => clients.For(network) is not null;

    public Task<Receipt?> GetReceiptAsync(string network, string txHash, CancellationToken cancellationToken) =>
        CallAsync(network, rpc => rpc.GetReceiptAsync(txHash, cancellationToken));

    public Task<ChainTransaction?> GetTransactionAsync(string network, string txHash, CancellationToken cancellationToken) =>
        CallAsync(network, rpc => rpc.GetTransactionAsync(txHash, cancellationToken));

    public async Task<DateTime?> GetBlockTimeAsync(string network, long blockNumber, CancellationToken cancellationToken) =>
        (await CallAsync(network, rpc => rpc.GetBlockAsync(blockNumber, cancellationToken)))?.Timestamp;

    public long? KnownHead(string network) => heads.Get(network)?.Number;

    private async Task<T?> CallAsync<T>(string network, Func<EthRpc, Task<T?>> call)
    {
        var rpc = clients.For(network) ?? throw new ChainUnavailableException(network, new InvalidOperationException($"No RPC is configured for {network}."));
        try
        {
            return await call(rpc);
        }
        catch (Exception ex) when (ex is RpcUnavailableException or RpcErrorException)
        {
            throw new ChainUnavailableException(network, ex);
        }
    }
}
