using System.Text;
using Microsoft.Playwright;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// A minimal EIP-1193 provider placed at window.ethereum before the page loads, wired to the app's anvil node:
/// it hands out the demo customer's account and forwards everything else to the node, which signs for its
/// unlocked dev accounts. Each request is recorded in window.__walletCalls.
/// Like a wallet extension, it talks to its node outside the page (through the test process), so the page's own
/// Content-Security-Policy (connect-src 'self') stays enforced and is not what the wallet runs into.
/// </summary>
public static class InjectedWallet
{
    private static readonly HttpClient Http = new();

    public static async Task InstallAsync(IBrowserContext context, string rpcUrl, string account)
    {
        await context.ExposeFunctionAsync<string, Task<string>>(Binding, body => ForwardAsync(rpcUrl, body));
        await context.AddInitScriptAsync(Script(account));
    }

    public static async Task InstallAsync(IPage page, string rpcUrl, string account)
    {
        await page.ExposeFunctionAsync<string, Task<string>>(Binding, body => ForwardAsync(rpcUrl, body));
        await page.AddInitScriptAsync(Script(account));
    }

    private const string Binding = "__testWalletRpc";

    private static async Task<string> ForwardAsync(string rpcUrl, string body)
    {
        using var response = await Http.PostAsync(rpcUrl, new StringContent(body, Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }

    private static string Script(string account) => $$"""
        (() => {
          const account = "{{account}}";
          let id = 0;
          window.__walletCalls = [];
          async function forward(method, params) {
            const answer = await window.{{Binding}}(JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params || [] }));
            const body = JSON.parse(answer);
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
