using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PaySessions.Core.Chain;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>A store's receiving wallet on one network as people see it: the address in its EIP-55 checksummed form.</summary>
public sealed record ReceivingWallet(string Network, string Address, IReadOnlyList<string> Assets);

/// <summary>
/// Where a store is paid: one wallet per network of the catalog and the assets it accepts there. A change
/// affects only payments opened afterwards; an open payment keeps the recipient it was opened with, and the
/// chain monitor keeps watching that address until the payment's monitoring window ends.
/// </summary>
public sealed partial class ReceivingWallets(
    IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, NetworkCatalog catalog, ILogger<ReceivingWallets> logger)
{
    private const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    public async Task<IReadOnlyList<ReceivingWallet>> ListAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var wallets = await db.MerchantWallets.AsNoTracking().Where(w => w.MerchantId == storeId).ToListAsync(cancellationToken);
        return wallets.OrderBy(w => w.Network, StringComparer.Ordinal).Select(View).ToList();
    }

    /// <summary>Sets (or replaces) the store's wallet on a network; refuses with the first problem found and changes nothing.</summary>
    public async Task<Result<ReceivingWallet>> SetAsync(
        Guid storeId, string? network, string? address, IEnumerable<string>? assets, CancellationToken cancellationToken = default)
    {
        if (catalog.FindNetwork(network?.Trim()) is not { } net)
        {
            return UnknownNetwork(network);
        }

        var parsed = CheckAddress(address?.Trim(), net);
        if (!parsed.Ok)
        {
            return parsed.Error;
        }

        var accepted = CheckAssets(assets, net);
        if (!accepted.Ok)
        {
            return accepted.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (!await db.Merchants.AnyAsync(m => m.Id == storeId, cancellationToken))
            {
                return PayError.NotFound("Store");
            }

            var wallet = await db.MerchantWallets.FirstOrDefaultAsync(w => w.MerchantId == storeId && w.Network == net.Name, cancellationToken);
            var previous = wallet?.Address ?? "none";
            if (wallet is null)
            {
                wallet = new MerchantWallet { MerchantId = storeId, Network = net.Name, Address = parsed.Value };
                db.MerchantWallets.Add(wallet);
            }

            wallet.Address = parsed.Value;
            wallet.Assets = accepted.Value.ToList();
            await db.SaveChangesAsync(cancellationToken);
            LogWalletSet(logger, storeId, net.Name, previous, wallet.Address, string.Join(",", wallet.Assets));
            return View(wallet);
        }
    }

    /// <summary>The store stops taking new payments on this network; payments already open there are unaffected.</summary>
    public async Task<Result<bool>> RemoveAsync(Guid storeId, string? network, CancellationToken cancellationToken = default)
    {
        if (catalog.FindNetwork(network?.Trim()) is not { } net)
        {
            return UnknownNetwork(network);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var removed = await db.MerchantWallets.Where(w => w.MerchantId == storeId && w.Network == net.Name).ExecuteDeleteAsync(cancellationToken);
            if (removed == 0)
            {
                return PayError.NotFound("Wallet");
            }

            LogWalletRemoved(logger, storeId, net.Name);
            return true;
        }
    }

    /// <summary>A receiving address for this network, lowercase, or the reason it cannot be one, in words an owner can act on.</summary>
    public Result<string> CheckAddress(string? text, Network network)
    {
        var problem = EvmAddress.Check(text, out var address);
        if (problem == AddressProblem.BadChecksum)
        {
            return Refusal(ErrorCodes.AddressChecksumMismatch,
                "Checksum mismatch: the upper- and lower-case letters of this address do not match its EIP-55 checksum, so a character is probably mistyped. Copy the address again from your wallet.");
        }

        if (problem != AddressProblem.None)
        {
            return Refusal(ErrorCodes.InvalidAddress, Malformed(text));
        }

        if (address == ZeroAddress)
        {
            return Refusal(ErrorCodes.InvalidAddress, "The zero address cannot receive payments; enter your own wallet's address.");
        }

        if (catalog.AssetsOn(network.Name).FirstOrDefault(a => a.Contract == address) is { } token)
        {
            return Refusal(ErrorCodes.InvalidAddress, $"This is the {token.Symbol} token contract on {network.DisplayName}, not a wallet; tokens sent to it would be lost.");
        }

        return address!;
    }

    private static string Malformed(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "Enter the wallet's receiving address: 0x followed by 40 hexadecimal characters.";
        }

        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return "An EVM address starts with 0x, followed by 40 hexadecimal characters.";
        }

        var digits = text[2..];
        return digits.FirstOrDefault(c => !char.IsAsciiHexDigit(c)) is var bad and not '\0'
            ? $"An EVM address holds only 0-9 and a-f after 0x; '{bad}' is not one of them."
            : $"An EVM address has 40 hexadecimal characters after 0x; this one has {digits.Length}.";
    }

    private Result<IReadOnlyList<string>> CheckAssets(IEnumerable<string>? assets, Network network)
    {
        var offered = catalog.AssetsOn(network.Name).Select(a => a.Symbol).ToList();
        var chosen = (assets ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim().ToUpperInvariant()).Distinct().ToList();
        if (chosen.Count == 0)
        {
            return PayError.Validation("assets", $"Pick at least one asset to accept on {network.DisplayName}.");
        }

        if (chosen.FirstOrDefault(a => !offered.Contains(a)) is { } unknown)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedAsset,
                $"{unknown} is not an asset of {network.DisplayName} here; it offers {string.Join(", ", offered)}.",
                new Dictionary<string, string[]> { ["assets"] = [$"{unknown} is not offered on {network.DisplayName}."] });
        }

        return offered.Where(chosen.Contains).ToList();
    }

    private static ReceivingWallet View(MerchantWallet wallet) =>
        new(wallet.Network, EvmAddress.ToChecksum(wallet.Address), wallet.Assets.ToList());

    private static PayError Refusal(string code, string message) =>
        new(PayErrorKind.Invalid, code, message, new Dictionary<string, string[]> { ["address"] = [message] });

    private static PayError UnknownNetwork(string? network) =>
        new(PayErrorKind.Invalid, ErrorCodes.UnknownNetwork, $"'{network}' is not a network this installation accepts payments on.",
            new Dictionary<string, string[]> { ["network"] = [$"'{network}' is not a configured network."] });

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId} receives on {Network} at {Address} (was {Previous}), accepting {Assets}")]
    private static partial void LogWalletSet(ILogger logger, Guid storeId, string network, string previous, string address, string assets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Store {StoreId} no longer receives on {Network}")]
    private static partial void LogWalletRemoved(ILogger logger, Guid storeId, string network);
}
