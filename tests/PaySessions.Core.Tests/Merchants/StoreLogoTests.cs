using System.Text;
using PaySessions.Core.Common;
using PaySessions.Core.Merchants;
using PaySessions.Core.Tests.Support;

namespace PaySessions.Core.Tests.Merchants;

/// <summary>The store logo: its type proven by its first bytes, its size capped, on a real SQLite file.</summary>
public sealed class StoreLogoTests : IAsyncLifetime
{
    private static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    private CoreHarness _core = null!;

    private StoreLogos Logos => _core.Get<StoreLogos>();

    public async Task InitializeAsync() => _core = await CoreHarness.StartAsync();

    public async Task DisposeAsync() => await _core.DisposeAsync();

    public static TheoryData<byte[], string> Images => new()
    {
        { PngHeader, "image/png" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'], "image/jpeg" },
        { [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8], "image/webp" },
        { "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>"u8.ToArray(), "image/svg+xml" },
        { [0xEF, 0xBB, 0xBF, .. "<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg>\n<svg>\n</svg>"u8], "image/svg+xml" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public async Task an_image_is_stored_with_the_type_its_bytes_prove(byte[] content, string type)
    {
        var store = await _core.NewMerchantAsync();

        var saved = await Logos.SetAsync(store.MerchantId, new MemoryStream(content), content.Length);

        Assert.True(saved.Ok, saved.Error?.Message);
        var logo = await Logos.FindAsync(store.MerchantId);
        Assert.Equal(type, logo?.ContentType);
        Assert.Equal(content, logo!.Content);
        Assert.True(await Logos.HasLogoAsync(store.MerchantId));
    }

    [Theory]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000")]
    [InlineData("<html><body><svg></svg><script>alert(1)</script></body></html>")]
    [InlineData("<svgx/>")]
    [InlineData("<?xml version=\"1.0\"?><note>svg</note>")]
    [InlineData("just some text mentioning <svg>")]
    [InlineData("%PDF-1.7")]
    public async Task anything_else_is_refused_as_an_unsupported_type(string content)
    {
        var store = await _core.NewMerchantAsync();
        var bytes = Encoding.UTF8.GetBytes(content);

        var refused = await Logos.SetAsync(store.MerchantId, new MemoryStream(bytes), bytes.Length);

        Assert.Equal(ErrorCodes.UnsupportedMediaType, refused.Error?.Code);
        Assert.Contains("PNG, JPEG, WebP or SVG", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Null(await Logos.FindAsync(store.MerchantId));
    }

    [Fact]
    public async Task an_empty_file_is_refused()
    {
        var store = await _core.NewMerchantAsync();

        var refused = await Logos.SetAsync(store.MerchantId, new MemoryStream(), 0);

        Assert.Equal(ErrorCodes.UnsupportedMediaType, refused.Error?.Code);
        Assert.Equal("The logo file is empty.", refused.Error!.Message);
    }

    [Fact]
    public async Task a_logo_of_exactly_256_kb_is_accepted_and_one_byte_more_is_refused_keeping_the_old_one()
    {
        var store = await _core.NewMerchantAsync();
        var largest = Png(StoreLogos.MaxBytes);
        Assert.True((await Logos.SetAsync(store.MerchantId, new MemoryStream(largest), largest.Length)).Ok);

        var tooLarge = Png(StoreLogos.MaxBytes + 1);
        var refused = await Logos.SetAsync(store.MerchantId, new MemoryStream(tooLarge), tooLarge.Length);

        Assert.Equal(ErrorCodes.PayloadTooLarge, refused.Error?.Code);
        Assert.Contains("256 KB", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(largest, (await Logos.FindAsync(store.MerchantId))!.Content);
    }

    [Fact]
    public async Task an_upload_announcing_too_many_bytes_is_refused_before_any_is_read()
    {
        var store = await _core.NewMerchantAsync();

        var refused = await Logos.SetAsync(store.MerchantId, new UnreadableStream(), 10 * 1024 * 1024);

        Assert.Equal(ErrorCodes.PayloadTooLarge, refused.Error?.Code);
        Assert.Contains("10240 KB", refused.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_upload_understating_its_size_is_still_cut_off_at_the_limit()
    {
        var store = await _core.NewMerchantAsync();
        var content = Png(StoreLogos.MaxBytes * 3);

        var refused = await Logos.SetAsync(store.MerchantId, new MemoryStream(content), 1000);

        Assert.Equal(ErrorCodes.PayloadTooLarge, refused.Error?.Code);
        Assert.Null(await Logos.FindAsync(store.MerchantId));
    }

    [Fact]
    public async Task a_removed_logo_is_gone_and_a_new_one_gets_a_new_tag()
    {
        var store = await _core.NewMerchantAsync();
        await Logos.SetAsync(store.MerchantId, new MemoryStream(Png(100)), 100);
        var first = (await Logos.FindAsync(store.MerchantId))!.ETag;
        await Logos.SetAsync(store.MerchantId, new MemoryStream(Png(200)), 200);
        Assert.NotEqual(first, (await Logos.FindAsync(store.MerchantId))!.ETag);

        Assert.True((await Logos.RemoveAsync(store.MerchantId)).Ok);

        Assert.Null(await Logos.FindAsync(store.MerchantId));
        Assert.False(await Logos.HasLogoAsync(store.MerchantId));
    }

    [Fact]
    public async Task an_unknown_store_takes_no_logo()
    {
        var refused = await Logos.SetAsync(Guid.NewGuid(), new MemoryStream(PngHeader), PngHeader.Length);

        Assert.Equal(ErrorCodes.NotFound, refused.Error?.Code);
    }

    private static byte[] Png(int length)
    {
        var bytes = new byte[length];
        PngHeader.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>A stream that fails if anyone reads it: proves an oversized upload is refused on its announced size alone.</summary>
    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("read");
    }
}
