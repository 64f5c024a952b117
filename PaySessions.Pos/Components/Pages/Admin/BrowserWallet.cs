using Microsoft.JSInterop;

namespace PaySessions.Pos.Components.Pages.Admin;

/// <summary>
/// The store's own wallet in this browser, for transfers the store sends (refunds): <c>paySessions.sendFromBrowserWallet</c>
/// in app.js. The app never holds a key; the person at the back office signs in their wallet.
/// </summary>
public sealed class BrowserWallet(IJSRuntime js)
{
    /// <summary>A person may think in their wallet for a while; past this the page stops waiting.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromMinutes(10);

    /// <summary>Asks the wallet for the sending account and the chain, and signs nothing.</summary>
    public Task<WalletAnswer> CheckAsync(long chainId, string from) => AskAsync(new { chainId, from });

    /// <summary>Sends <paramref name="data"/> to <paramref name="token"/> from <paramref name="from"/>, and nothing if the wallet is on another account.</summary>
    public Task<WalletAnswer> SendAsync(long chainId, string from, string token, string data) => AskAsync(new { chainId, from, token, data });

    private async Task<WalletAnswer> AskAsync(object request)
    {
        try
        {
            return await js.InvokeAsync<WalletAnswer>("paySessions.sendFromBrowserWallet", AnswerWithin, request);
        }
        catch (TaskCanceledException)
        {
            return new WalletAnswer(null, $"The wallet did not answer within {AnswerWithin.TotalMinutes:0} minutes: nothing was sent.");
        }
        catch (JSException)
        {
            return new WalletAnswer(null, "This browser could not talk to a wallet: nothing was sent. Reload the page and try again.");
        }
    }
}

/// <summary>What the wallet did: the transaction's hash, or in its own words why nothing was sent (both null when only checked).</summary>
public sealed record WalletAnswer(string? Hash, string? Error);
