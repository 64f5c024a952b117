namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// A minimal EIP-1193 provider placed at window.ethereum before the page loads, wired to the app's anvil node:
/// it hands out the demo customer's account and forwards everything else to the node, which signs for its
/// unlocked dev accounts. Each request is recorded in window.__walletCalls.
/// </summary>
public static class InjectedWallet
{
    public static string Script(string rpcUrl, string account) => $$"""
        (() => {
          const rpcUrl = "{{rpcUrl}}";
          const account = "{{account}}";
          let id = 0;
          window.__walletCalls = [];
          async function forward(method, params) {
            const response = await fetch(rpcUrl, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params || [] })
            });
            const body = await response.json();
            if (body.error) { const e = new Error(body.error.message); e.code = body.error.code; throw e; }
            return body.result;
          }
          window.ethereum = {
            isPaySessionsTestWallet: true,
            request: async ({ method, params }) => {
              window.__walletCalls.push(method);
              switch (method) {
                case "eth_requestAccounts":
                case "eth_accounts":
                  return [account];
                case "wallet_switchEthereumChain":
                  return null;
                default:
                  return forward(method, params);
              }
            },
            on: () => {},
            removeListener: () => {}
          };
        })();
        """;
}
