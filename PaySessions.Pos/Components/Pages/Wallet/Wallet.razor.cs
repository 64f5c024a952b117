using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using PaySessions.Core.Vouchers;
using PaySessions.Pos.Components.Shared;
using PaySessions.Pos.Hosting;

namespace PaySessions.Pos.Components.Pages.Wallet;

/// <summary>The wallet's payments: paying a voucher in another token, from a wallet, by a CUSTOM transaction, and handing receipts over.</summary>
public partial class Wallet
{
    private async Task PayInAsync((VoucherView View, string Asset) choice)
    {
        if (_payer is null)
        {
            return;
        }

        // Negotiating names the payer's sending wallet: the context's payer, or the browser wallet's account.
        var wallet = _payerAddress ?? await JS.InvokeAsync<string?>("paySessions.walletAccount");
        var quote = AlternativesFor(choice.View).First(q => q.Asset.Symbol == choice.Asset);
        var supplied = new ExpectedPaymentRequest(quote.Asset.Network.Name, quote.Asset.Symbol, quote.Asset.Contract, quote.DisplayAmount, new WalletRequest(wallet));
        var changed = await Negotiate.ExecuteAsync(_payer, choice.View.Voucher.PublicId, new NegotiateRequest(supplied));
        if (!changed.Ok)
        {
            _messages[choice.View.Voucher.PublicId] = changed.Error.Message;
        }

        await RefreshAsync();
    }

    /// <summary>Pays a voucher from a wallet, waits until the chain has it, then hands the receipt over.</summary>
    private async Task PayAsync((VoucherView View, bool Demo) request)
    {
        var payment = request.View.Payment!;
        var voucherId = request.View.Voucher.PublicId;
        _busy = true;
        string? hash = null;
        try
        {
            var owed = payment.Amount - payment.Paid;
            if (request.Demo)
            {
                hash = await Services.GetRequiredService<DemoWallet>().PayAsync(payment, owed);
            }
            else
            {
                _messages[voucherId] = "Confirm the payment in your wallet…";
                StateHasChanged();
                hash = await JS.InvokeAsync<string>("paySessions.payWithBrowserWallet", new { chainId = payment.ChainId, token = payment.TokenContract, data = WalletPayments.TransferData(payment, owed) });
            }

            await ResolveAsync((request.View, hash));
        }
        catch (JSException ex)
        {
            PageLog.WalletRefused(Logger, ex, payment.Id);
            _messages[voucherId] = "Your wallet did not send the payment. Nothing was charged; you can try again.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, the page stays usable and says so.
            PageLog.PaymentFailed(Logger, ex, payment.Id);
            _messages[voucherId] = hash is null
                ? "The payment could not be sent right now. Nothing was charged; try again in a moment."
                : "Your wallet sent the payment, but we could not check it right now: do not pay again; submit its receipt in a moment.";
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>A CUSTOM voucher: the browser wallet sends exactly the transaction the payee asked for, from the payer's account.</summary>
    private async Task SendAsync((VoucherView View, CallNetwork Network) request)
    {
        var voucherId = request.View.Voucher.PublicId;
        var call = request.View.Voucher.Call!;
        _busy = true;
        try
        {
            _messages[voucherId] = "Confirm the transaction in your wallet…";
            StateHasChanged();
            var hash = await JS.InvokeAsync<string>("paySessions.sendTransactionWithBrowserWallet",
                new { chainId = request.Network.ChainId, to = call.To, value = call.Value, data = call.Data });
            await ResolveCallAsync(request.View, request.Network.Network, hash);
        }
        catch (JSException ex)
        {
            PageLog.WalletRefused(Logger, ex, request.View.Voucher.Id);
            _messages[voucherId] = "Your wallet did not send the transaction. Nothing was sent; you can try again.";
        }
        finally
        {
            _busy = false;
        }

        await RefreshAsync();
    }

    private async Task ResolveCallAsync(VoucherView view, string network, string hash)
    {
        var voucherId = view.Voucher.PublicId;
        try
        {
            _messages[voucherId] = "Waiting for the network to include the transaction…";
            StateHasChanged();
            await Payments.WaitMinedAsync(network, hash);
            var resolved = await Resolve.ExecuteAsync(_payer!, voucherId, new ResolveRequest([new ReceiptRequest(view.PaymentId, hash)]));
            _messages[voucherId] = resolved.Ok ? "Transaction verified." : resolved.Error.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PageLog.ReceiptFailed(Logger, ex, hash, voucherId);
            _messages[voucherId] = "The network could not be reached to check the transaction. It is not lost: submit its hash again in a moment.";
        }
    }

    private async Task ResolveAsync((VoucherView View, string TxHash) receipt)
    {
        var voucherId = receipt.View.Voucher.PublicId;
        if (_payer is not null && receipt.View.Voucher.Call is { } call)
        {
            await ResolveCallAsync(receipt.View, call.Networks[0].Network, receipt.TxHash.Trim());
            await RefreshAsync();
            return;
        }

        if (_payer is null || receipt.View.Payment is not { } payment)
        {
            return;
        }

        var hash = receipt.TxHash.Trim();
        try
        {
            if (PaySessions.Core.Chain.Hex.IsTxHash(hash))
            {
                _messages[voucherId] = "Waiting for the network to include the transaction…";
                StateHasChanged();
                await Payments.WaitMinedAsync(payment.Network, hash);
            }

            var resolved = await Resolve.ExecuteAsync(_payer, voucherId, new ResolveRequest([new ReceiptRequest(receipt.View.PaymentId, hash)]));
            _messages[voucherId] = resolved.Ok ? "Receipt accepted. Confirming on chain…" : resolved.Error.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PageLog.ReceiptFailed(Logger, ex, hash, voucherId);
            _messages[voucherId] = "The network could not be reached to check the receipt. Your payment is not lost: submit the receipt again in a moment.";
        }

        await RefreshAsync();
    }
}
