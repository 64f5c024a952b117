using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Payments;

/// <summary>A transaction that is itself what is paid: to this contract, with this calldata and native value (wei).</summary>
public sealed record ExpectedCall(string To, string Data, System.Numerics.BigInteger Value);

/// <summary>A call read from <paramref name="Network"/> and found to be exactly the one asked for; nothing is stored yet.</summary>
public sealed record VerifiedCall(string Network, string TxHash, string From, long BlockNumber);

/// <summary>Claims for a transaction that is itself the payment (a CUSTOM voucher's contract call), not a token transfer.</summary>
public sealed partial class PaymentClaims
{
    /// <summary>
    /// Step 1 for a transaction that is itself the payment (a CUSTOM voucher's contract call): read from the first of
    /// <paramref name="networks"/> that has it, it must have succeeded, have been mined after <paramref name="notBefore"/>,
    /// go to the contract asked with exactly the calldata and value asked, and come from one of <paramref name="senders"/>
    /// (any sender when empty). Writes nothing.
    /// </summary>
    public async Task<Result<VerifiedCall>> VerifyCallAsync(
        IReadOnlyList<string> networks, string? txHash, ExpectedCall call, IReadOnlyCollection<string> senders, DateTime notBefore, CancellationToken cancellationToken = default)
    {
        if (!Hex.IsTxHash(txHash))
        {
            return PayError.Validation("txHash", "txHash must be 0x-prefixed and 32 bytes (66 characters).");
        }

        var hash = txHash!.ToLowerInvariant();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await UsedElsewhereAsync(db, Guid.Empty, [hash], cancellationToken) is { } used)
            {
                return PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {used} already pays something else.");
            }
        }

        foreach (var network in networks.Where(chain.CanRead))
        {
            Receipt? receipt;
            ChainTransaction? sent;
            var blockTimes = new Dictionary<long, DateTime>();
            try
            {
                receipt = await ReadReceiptAsync(network, hash, blockTimes, cancellationToken);
                sent = receipt is null ? null : await chain.GetTransactionAsync(network, hash, cancellationToken);
            }
            catch (ChainUnavailableException)
            {
                return new PayError(PayErrorKind.Unavailable, ErrorCodes.ChainUnavailable, $"{network} cannot be reached right now; retry shortly.");
            }

            if (receipt is null || sent is null)
            {
                continue;
            }

            return CheckCall(network, receipt, sent, blockTimes.GetValueOrDefault(receipt.BlockNumber, DateTime.MaxValue), call, senders, notBefore) is { } refused
                ? refused
                : new VerifiedCall(network, hash, sent.From, receipt.BlockNumber);
        }

        return NotMined(hash, string.Join(" or ", networks));
    }

    private static PayError? CheckCall(
        string network, Receipt receipt, ChainTransaction sent, DateTime minedAt, ExpectedCall call, IReadOnlyCollection<string> senders, DateTime notBefore)
    {
        PayError Mismatch(string why) => new(PayErrorKind.Invalid, ErrorCodes.TransferMismatch, $"Transaction {sent.TxHash} on {network} {why}.");

        if (!receipt.Succeeded)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.TransferFailed, $"Transaction {receipt.TxHash} failed on chain (receipt status 0); it did nothing.");
        }

        return sent.To != call.To ? Mismatch($"goes to {sent.To ?? "a new contract"}, not {call.To}")
            : !string.Equals(sent.Input, call.Data, StringComparison.OrdinalIgnoreCase) ? Mismatch("does not carry the calldata asked for")
            : sent.Value != call.Value ? Mismatch($"sends a value of {sent.Value} wei, not {call.Value}")
            : senders.Count > 0 && !senders.Contains(sent.From) ? Mismatch($"was sent from {sent.From}, which is not one of the payer's addresses")
            : minedAt < notBefore - Payment.ClockSkew ? Mismatch("was mined before the voucher existed")
            : null;
    }

    /// <summary>Step 2 for a call, inside the caller's write gate: re-checks that nothing else took the transaction meanwhile.</summary>
    public static async Task<PayError?> RecordCallAsync(PayDbContext db, VerifiedCall call, CancellationToken cancellationToken) =>
        await UsedElsewhereAsync(db, Guid.Empty, [call.TxHash], cancellationToken) is { } taken
            ? PayError.Conflict(ErrorCodes.TransferAlreadyUsed, $"Transaction {taken} already pays something else.")
            : null;
}
