using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaySessions.Core.Common;
using PaySessions.Core.Fx;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Users;

/// <summary>The <c>Setup</c> section: a headless install creates its first owner and store from these at start.</summary>
public sealed class SetupOptions
{
    public string? OwnerEmail { get; set; }

    public string? OwnerPassword { get; set; }

    public string? StoreName { get; set; }

    public string StoreCurrency { get; set; } = "USD";
}

/// <summary>
/// A new installation has no owner: every page leads to /setup until one exists (or <c>Setup:*</c> created it at
/// start). Once an owner exists, setup is closed for good.
/// </summary>
public sealed partial class FirstRunSetup(IServiceScopeFactory scopes, IDbContextFactory<PayDbContext> dbFactory, TimeProvider time, ILogger<FirstRunSetup> logger)
{
    private volatile bool _hasOwner;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<bool> HasOwnerAsync(CancellationToken cancellationToken = default)
    {
        if (_hasOwner)
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return _hasOwner = await db.Memberships.AnyAsync(m => m.Role == StoreRole.Owner, cancellationToken);
    }

    /// <summary>Whether the user owns the installation's first store (the one setup created), which governs networks and RPC URLs.</summary>
    public async Task<bool> IsInstallationOwnerAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // The book of unverified voucher payees is a store row too, possibly older than setup's: never the first store.
        var first = await db.Merchants.Where(m => m.Id != Vouchers.UnverifiedPayees.MerchantId)
            .OrderBy(m => m.CreatedAt).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);
        return first is { } storeId && await db.Memberships.AnyAsync(m => m.UserId == userId && m.MerchantId == storeId && m.Role == StoreRole.Owner, cancellationToken);
    }

    /// <summary>Creates the owner and the first store, once. Refused when an owner already exists.</summary>
    public async Task<Result<(StoreUser Owner, Merchant Store)>> CreateAsync(string? email, string? password, string? storeName, string? currency, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (email is null || !email.Contains('@') || email.Length > 100 || email.Any(char.IsWhiteSpace))
        {
            errors["email"] = ["Give the owner's email address."];
        }

        if (string.IsNullOrWhiteSpace(storeName) || storeName.Trim().Length > 100)
        {
            errors["storeName"] = ["Give the store a name (at most 100 characters)."];
        }

        var code = currency?.Trim().ToUpperInvariant();
        if (!FiatCurrencies.TryGetMinorUnits(code, out _))
        {
            errors["currency"] = ["Choose the store's currency (ISO 4217, e.g. USD or EUR)."];
        }

        if (errors.Count > 0)
        {
            return PayError.Validation(errors);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await HasOwnerAsync(cancellationToken))
            {
                return PayError.Conflict("setup_done", "This installation already has an owner.");
            }

            await using var scope = scopes.CreateAsyncScope();
            var now = time.GetUtcNow().UtcDateTime;
            var store = new Merchant { Name = storeName!.Trim(), DefaultCurrency = code!, CreatedAt = now };
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                db.Merchants.Add(store);
                await db.SaveChangesAsync(cancellationToken);
            }

            var owner = await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync(store.Id, email, password, StoreRole.Owner, cancellationToken);
            if (!owner.Ok)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.Merchants.Where(m => m.Id == store.Id).ExecuteDeleteAsync(cancellationToken);
                return owner.Error;
            }

            _hasOwner = true;
            LogCreated(logger, store.Name, email!);
            return (owner.Value, store);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Headless installs: <c>Setup:OwnerEmail</c>, <c>Setup:OwnerPassword</c>, <c>Setup:StoreName</c>; ignored once an owner exists.</summary>
    public async Task ApplyConfiguredAsync(SetupOptions options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.OwnerEmail) || await HasOwnerAsync(cancellationToken))
        {
            return;
        }

        var created = await CreateAsync(options.OwnerEmail, options.OwnerPassword, options.StoreName, options.StoreCurrency, cancellationToken);
        if (!created.Ok)
        {
            var details = created.Error.Fields is { } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : created.Error.Message;
            // A setting to fix, reported as the settings checked at start are (one line, no stack trace).
            throw new OptionsValidationException("Setup", typeof(SetupOptions), [$"Setup:* could not create the first owner and store: {details}"]);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First store '{Store}' created with owner {Email}")]
    private static partial void LogCreated(ILogger logger, string store, string email);
}
