using System.Collections.Concurrent;
using System.Numerics;
using PaySessions.Core.Chain;
using PaySessions.Core.Chain.Rpc;

namespace PaySessions.Core.DevChain;

/// <summary>
/// Puts our demo ERC-20 at each configured token address of the local chain (anvil_setCode: the addresses the
/// real network uses), names it, and funds the demo customer. Idempotent: a restarted chain with state is left as is.
/// </summary>
public static class DevChainSeeder
{
    private static readonly BigInteger CustomerFunding = 1_000_000;

    /// <summary>Whose turn it is to send, per account (see <see cref="SendAsync"/>).</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SendTurns = new(StringComparer.OrdinalIgnoreCase);

    public static async Task SeedAsync(EthRpc rpc, string tokenRuntimeCode, IEnumerable<Asset> assets, CancellationToken cancellationToken)
    {
        foreach (var asset in assets)
        {
            var code = (await rpc.Client.CallAsync("eth_getCode", [asset.Contract, "latest"], cancellationToken)).GetString();
            if (code is null or "0x")
            {
                await rpc.Client.CallAsync("anvil_setCode", [asset.Contract, tokenRuntimeCode], cancellationToken);
            }

            if (Abi.DecodeString(await rpc.CallAsync(asset.Contract, Abi.Call("symbol()"), cancellationToken)).Length == 0)
            {
                await SendAndWaitAsync(rpc, DemoCustomer.Address, asset.Contract,
                    Abi.Call("initialize(string,string)", AbiArg.Text(NameOf(asset.Symbol)), AbiArg.Text(asset.Symbol)), cancellationToken);
            }

            var unit = BigInteger.Pow(10, asset.Decimals);
            var balance = Abi.DecodeUint(await rpc.CallAsync(asset.Contract, Abi.Call("balanceOf(address)", AbiArg.Address(DemoCustomer.Address)), cancellationToken));
            if (balance < CustomerFunding * unit / 10)
            {
                await SendAndWaitAsync(rpc, DemoCustomer.Address, asset.Contract,
                    Abi.Call("mint(address,uint256)", AbiArg.Address(DemoCustomer.Address), AbiArg.Uint(CustomerFunding * unit)), cancellationToken);
            }
        }
    }

    /// <summary>Sends an ERC-20 transfer from an unlocked dev account and waits until it is mined.</summary>
    public static Task<Receipt> TransferAsync(EthRpc rpc, string from, string token, string to, BigInteger baseUnits, CancellationToken cancellationToken) =>
        SendAndWaitAsync(rpc, from, token, Abi.Call("transfer(address,uint256)", AbiArg.Address(to), AbiArg.Uint(baseUnits)), cancellationToken);

    public static async Task<Receipt> SendAndWaitAsync(EthRpc rpc, string from, string to, string data, CancellationToken cancellationToken)
    {
        var hash = await SendAsync(rpc, from, to, data, cancellationToken);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // anvil can answer eth_sendTransaction before the receipt exists.
            if (await rpc.GetReceiptAsync(hash, cancellationToken) is { } receipt)
            {
                return receipt.Succeeded ? receipt : throw new InvalidOperationException($"Transaction {hash} reverted.");
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException($"Transaction {hash} was not mined.");
    }

    /// <summary>
    /// Sends from an unlocked account, letting anvil pick the nonce, one send per account at a time. Two sends that meet
    /// can be handed the same nonce (one is refused: "nonce too low", "replacement transaction underpriced") or a nonce
    /// past one that is then refused, which leaves the later transaction waiting in anvil's pool for ever.
    /// </summary>
    private static async Task<string> SendAsync(EthRpc rpc, string from, string to, string data, CancellationToken cancellationToken)
    {
        var turn = SendTurns.GetOrAdd(from, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await rpc.SendTransactionAsync(from, to, data, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }

    private static string NameOf(string symbol) => symbol switch
    {
        "USDC" => "USD Coin",
        "USDT" => "Tether USD",
        "EURC" => "Euro Coin",
        _ => symbol,
    };
}
