using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PaySessions.Core.Merchants;
using PaySessions.Core.Payments;
using PaySessions.Core.Sessions;
using PaySessions.Core.Users;
using PaySessions.Pos.Tests.Support;
using PaySessions.Tests.Shared;

namespace PaySessions.Pos.Tests.Browser;

/// <summary>
/// The owner's first store on the app's dev chain, receiving on an anvil account so that account can sign the store's
/// refunds as the owner's browser wallet: sales rung up as an integration would, paid by the demo customer.
/// </summary>
public sealed class StoreSales(TestPos pos, Guid storeId)
{
    /// <summary>An anvil dev account: the node signs for it, as the store's browser wallet would.</summary>
    public const string Wallet = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    /// <summary>Polygon's explorer in these tests, so transaction links can be checked.</summary>
    public const string Explorer = "https://polygonscan.example";

    public static readonly IReadOnlyDictionary<string, string?> Settings =
        new Dictionary<string, string?>(TestPos.WithDevChain) { ["Networks:polygon:Explorer"] = Explorer };

    public Guid StoreId => storeId;

    public static async Task<StoreSales> OfOwnerAsync(TestPos pos)
    {
        await using var scope = pos.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>().FindByNameAsync(TestPos.OwnerEmail);
        var storeId = owner!.CurrentStoreId!.Value;
        Assert.True((await pos.Get<ReceivingWallets>().SetAsync(storeId, "polygon", Wallet, ["USDC"])).Ok);
        return new StoreSales(pos, storeId);
    }

    /// <summary>A sale whose customer chose USDC on Polygon and has not paid yet.</summary>
    public async Task<(PaySession Session, Payment Payment)> OpenAsync(decimal amount)
    {
        var sessions = pos.Get<SessionService>();
        var session = (await sessions.CreateAsync(new MerchantCaller(storeId, ApiKeyKind.Secret), new CreateSessionRequest(Amount: amount, AmountCurrency: "USD"))).Value!;
        return (session, (await sessions.PickAsync(session.Id, storeId, "USDC", "polygon")).Value!);
    }

    /// <summary>A sale the demo customer paid in full, confirmed on chain.</summary>
    public async Task<(PaySession Session, Payment Payment)> PaidAsync(decimal amount)
    {
        var (session, payment) = await OpenAsync(amount);
        await pos.PayAsync(TestNetworks.Usdc, Wallet, payment.Amount);
        await pos.MineAsync(3);
        await Eventually.Async(async () =>
            Assert.Equal(PaymentStatus.Succeeded, (await pos.Get<SessionService>().ViewAsync(session.Id, storeId))!.Session.Status));
        return (session, payment);
    }

    /// <summary>The store's integration, with a secret key, reading the API as a shop's server would.</summary>
    public async Task<HttpClient> IntegrationAsync()
    {
        var key = await pos.Get<CreateApiKey>().ExecuteAsync(storeId, ApiKeyKind.Secret, "Order system");
        Assert.True(key.Ok, key.Error?.Message);
        return pos.Client(apiKey: key.Value.Key);
    }
}
