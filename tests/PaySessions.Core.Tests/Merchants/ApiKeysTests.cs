using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Persistence;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Merchants;

/// <summary>Keys an owner creates, lists and revokes, and how authentication treats them, on a real SQLite file.</summary>
public sealed class ApiKeysTests : IAsyncLifetime
{
    private CoreHarness _core = null!;

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private Task<Result<IssuedApiKey>> CreateAsync(Guid storeId, ApiKeyKind kind, string? label) =>
        _core.Get<CreateApiKey>().ExecuteAsync(storeId, kind, label);

    private async Task<ApiKey> RowAsync(Guid keyId)
    {
        await using var db = await _core.Get<IDbContextFactory<PayDbContext>>().CreateDbContextAsync();
        return await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == keyId);
    }

    [Theory]
    [InlineData(ApiKeyKind.Secret, "ak_")]
    [InlineData(ApiKeyKind.Publishable, "pk_")]
    public async Task a_new_key_is_handed_out_once_and_only_its_hash_and_prefix_are_kept(ApiKeyKind kind, string start)
    {
        var store = await _core.NewMerchantAsync();

        var issued = (await CreateAsync(store.MerchantId, kind, "  Web shop  ")).Value!;

        Assert.Matches($"^{start}[0-9a-f]{{48}}$", issued.Key);
        Assert.Equal("Web shop", issued.View.Label);
        var row = await RowAsync(issued.View.Id);
        Assert.Equal(ApiKey.HashOf(issued.Key), row.Hash);
        Assert.Equal(issued.Key[..10], row.Prefix);
        Assert.DoesNotContain(issued.Key[10..], row.Hash + row.Prefix + row.Label, StringComparison.Ordinal);
        Assert.Equal(_core.Time.GetUtcNow().UtcDateTime, row.CreatedAt);
        Assert.Null(row.LastUsedAt);
        Assert.Equal(store.MerchantId, (await _core.Get<AuthenticateApiKey>().ExecuteAsync(issued.Key, kind))?.MerchantId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tinside")]
    public async Task a_key_without_a_proper_name_is_refused_and_nothing_is_written(string? label)
    {
        var store = await _core.NewMerchantAsync();
        var before = (await _core.Get<ListApiKeys>().ExecuteAsync(store.MerchantId)).Total;

        var refused = await CreateAsync(store.MerchantId, ApiKeyKind.Secret, label);
        var tooLong = await CreateAsync(store.MerchantId, ApiKeyKind.Secret, new string('x', 101));

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, tooLong.Error?.Code);
        Assert.True(tooLong.Error!.Fields!.ContainsKey("name"));
        Assert.Equal(before, (await _core.Get<ListApiKeys>().ExecuteAsync(store.MerchantId)).Total);
        Assert.True((await CreateAsync(store.MerchantId, ApiKeyKind.Secret, new string('x', 100))).Ok);
    }

    [Fact]
    public async Task a_revoked_key_is_refused_on_the_very_next_call()
    {
        var store = await _core.NewMerchantAsync();
        var issued = (await CreateAsync(store.MerchantId, ApiKeyKind.Secret, "Server")).Value!;
        var authenticate = _core.Get<AuthenticateApiKey>();
        Assert.Equal(issued.View.Id, (await authenticate.ExecuteAsync(issued.Key, ApiKeyKind.Secret))?.KeyId);
        Assert.True(await authenticate.IsActiveAsync(issued.View.Id));

        var revoked = await _core.Get<RevokeApiKey>().ExecuteAsync(store.MerchantId, issued.View.Id);

        Assert.True(revoked.Ok);
        Assert.False(revoked.Value!.IsActive);
        Assert.Null(await authenticate.ExecuteAsync(issued.Key, ApiKeyKind.Secret));
        Assert.False(await authenticate.IsActiveAsync(issued.View.Id));
    }

    [Fact]
    public async Task revoking_again_keeps_the_first_time_and_another_stores_key_is_not_found()
    {
        var store = await _core.NewMerchantAsync("Mine");
        var other = await _core.NewMerchantAsync("Theirs");
        var issued = (await CreateAsync(store.MerchantId, ApiKeyKind.Publishable, "Till 1")).Value!;
        var revoke = _core.Get<RevokeApiKey>();

        Assert.Equal(ErrorCodes.NotFound, (await revoke.ExecuteAsync(other.MerchantId, issued.View.Id)).Error?.Code);
        Assert.True((await RowAsync(issued.View.Id)).IsActive);
        Assert.Equal(ErrorCodes.NotFound, (await revoke.ExecuteAsync(store.MerchantId, Guid.NewGuid())).Error?.Code);

        var first = (await revoke.ExecuteAsync(store.MerchantId, issued.View.Id)).Value!.RevokedAt;
        _core.Time.Advance(TimeSpan.FromMinutes(5));
        var again = await revoke.ExecuteAsync(store.MerchantId, issued.View.Id);

        Assert.True(again.Ok);
        Assert.Equal(first, again.Value!.RevokedAt);
        Assert.Equal(first, (await RowAsync(issued.View.Id)).RevokedAt);
    }

    [Fact]
    public async Task last_use_is_recorded_at_most_once_a_minute()
    {
        var store = await _core.NewMerchantAsync();
        var issued = (await CreateAsync(store.MerchantId, ApiKeyKind.Secret, "Busy integration")).Value!;
        var authenticate = _core.Get<AuthenticateApiKey>();
        var firstUse = _core.Time.GetUtcNow().UtcDateTime;

        await authenticate.ExecuteAsync(issued.Key, ApiKeyKind.Secret);
        _core.Time.Advance(TimeSpan.FromSeconds(59));
        await authenticate.ExecuteAsync(issued.Key, ApiKeyKind.Secret);
        Assert.Equal(firstUse, (await RowAsync(issued.View.Id)).LastUsedAt);

        _core.Time.Advance(TimeSpan.FromSeconds(1));
        await authenticate.ExecuteAsync(issued.Key, ApiKeyKind.Secret);
        Assert.Equal(firstUse.AddMinutes(1), (await RowAsync(issued.View.Id)).LastUsedAt);

        // A key that is refused (sent in the other kind's header) does not count as used.
        _core.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await authenticate.ExecuteAsync(issued.Key, ApiKeyKind.Publishable));
        Assert.Equal(firstUse.AddMinutes(1), (await RowAsync(issued.View.Id)).LastUsedAt);
    }

    [Fact]
    public async Task the_list_shows_only_the_stores_keys_active_first_newest_first_and_pages()
    {
        var store = await _core.NewMerchantAsync("Listed");
        var other = await _core.NewMerchantAsync("Elsewhere");
        await CreateAsync(other.MerchantId, ApiKeyKind.Secret, "Not mine");
        var old = (await CreateAsync(store.MerchantId, ApiKeyKind.Secret, "Old server")).Value!;
        _core.Time.Advance(TimeSpan.FromMinutes(1));
        await CreateAsync(store.MerchantId, ApiKeyKind.Publishable, "Newest till");
        await _core.Get<RevokeApiKey>().ExecuteAsync(store.MerchantId, old.View.Id);

        var all = await _core.Get<ListApiKeys>().ExecuteAsync(store.MerchantId);
        var page = await _core.Get<ListApiKeys>().ExecuteAsync(store.MerchantId, skip: 1, take: 2);

        // The merchant came with its two default keys, created before the others.
        Assert.Equal(4, all.Total);
        Assert.Equal("Newest till", all.Keys[0].Label);
        Assert.Equal(["Publishable key", "Secret key"], all.Keys.Skip(1).Take(2).Select(k => k.Label).Order());
        Assert.Equal("Old server", all.Keys[^1].Label);
        Assert.False(all.Keys[^1].IsActive);
        Assert.DoesNotContain(all.Keys, k => k.Label == "Not mine");
        Assert.Equal(4, page.Total);
        Assert.Equal(all.Keys.Skip(1).Take(2).Select(k => k.Id), page.Keys.Select(k => k.Id));
    }

    [Fact]
    public async Task a_store_holds_a_bounded_number_of_active_keys()
    {
        var store = await _core.NewMerchantAsync();
        for (var i = 2; i < CreateApiKey.MaxActiveKeys; i++)
        {
            Assert.True((await CreateAsync(store.MerchantId, ApiKeyKind.Publishable, $"Till {i}")).Ok);
        }

        var refused = await CreateAsync(store.MerchantId, ApiKeyKind.Publishable, "One too many");
        Assert.Equal(ErrorCodes.TooManyKeys, refused.Error?.Code);

        var someKey = (await _core.Get<ListApiKeys>().ExecuteAsync(store.MerchantId, take: 1)).Keys[0];
        await _core.Get<RevokeApiKey>().ExecuteAsync(store.MerchantId, someKey.Id);
        Assert.True((await CreateAsync(store.MerchantId, ApiKeyKind.Publishable, "After a revoke")).Ok);
    }
}
