using PaySessions.Core.Chain;
using PaySessions.Core.DevChain;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Api;

/// <summary>
/// <c>GET /dev/chain</c>: the local chain's networks, token addresses and the demo customer's key, so scripts and
/// tests can pay like a customer. Mapped only when the dev chain runs, which is only in Development.
/// </summary>
public static class DevChainApi
{
    public static IEndpointRouteBuilder MapDevChainApi(this IEndpointRouteBuilder routes)
    {
        if (routes.ServiceProvider.GetService<DevChainInfo>() is null || !routes.ServiceProvider.GetRequiredService<IWebHostEnvironment>().IsDevelopment())
        {
            return routes;
        }

        routes.MapGet("/dev/chain", GetDevChain).ExcludeFromDescription();
        return routes;
    }

    public static IResult GetDevChain(DevChainInfo chain, NetworkCatalog catalog) => TypedResults.Ok(new
    {
        networks = new[]
        {
            new
            {
                name = chain.Network.Name,
                chainId = chain.Network.ChainId,
                rpcUrl = chain.Anvil.RpcUrl,
                webSocketUrl = chain.Anvil.WebSocketUrl,
                tokens = catalog.AssetsOn(chain.Network.Name).ToDictionary(a => a.Symbol, a => new { address = a.Contract, decimals = a.Decimals }),
            },
        },
        customer = new { address = DemoCustomer.Address, privateKey = DemoCustomer.PrivateKey },
    });
}
