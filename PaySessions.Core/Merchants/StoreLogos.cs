using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using PaySessions.Core.Common;
using PaySessions.Core.Persistence;

namespace PaySessions.Core.Merchants;

/// <summary>A store's logo as served: its bytes, the type its first bytes prove, and a tag that changes with the content.</summary>
public sealed record LogoFile(byte[] Content, string ContentType, string ETag);

/// <summary>
/// The store's logo, shown to customers on the checkout page and receipts. The file's type is decided by its
/// first bytes, never by the name or the type the browser claims, and only PNG, JPEG, WebP and SVG get in.
/// </summary>
public sealed class StoreLogos(IDbContextFactory<PayDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    public const int MaxBytes = 256 * 1024;

    public const string Svg = "image/svg+xml";

    /// <summary>How far into an SVG file its root element must appear (after the XML declaration, comments, a doctype).</summary>
    private const int SvgRootWithin = 4096;

    /// <summary>
    /// Stores a new logo, replacing any earlier one. <paramref name="declaredLength"/> (what the upload says its size
    /// is) lets an oversized file be refused before it is read; the stream is still read no further than the limit.
    /// </summary>
    public async Task<Result<string>> SetAsync(Guid storeId, Stream content, long declaredLength, CancellationToken cancellationToken = default)
    {
        if (declaredLength > MaxBytes)
        {
            return TooLarge($"this file is {Math.Ceiling(declaredLength / 1024m)} KB");
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return TooLarge("this file is larger");
        }

        var bytes = buffer[..length];
        if (Sniff(bytes) is not { } contentType)
        {
            return new PayError(PayErrorKind.Invalid, ErrorCodes.UnsupportedMediaType,
                length == 0 ? "The logo file is empty." : "The logo must be a PNG, JPEG, WebP or SVG image; this file is none of them.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (!await db.Merchants.AnyAsync(m => m.Id == storeId, cancellationToken))
            {
                return PayError.NotFound("Store");
            }

            var logo = await db.StoreLogos.FirstOrDefaultAsync(l => l.MerchantId == storeId, cancellationToken);
            if (logo is null)
            {
                db.StoreLogos.Add(new StoreLogo { MerchantId = storeId, Content = bytes, ContentType = contentType, UpdatedAt = time.GetUtcNow().UtcDateTime });
            }
            else
            {
                (logo.Content, logo.ContentType, logo.UpdatedAt) = (bytes, contentType, time.GetUtcNow().UtcDateTime);
            }

            await db.SaveChangesAsync(cancellationToken);
            return contentType;
        }
    }

    public async Task<Result<bool>> RemoveAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            if (!await db.Merchants.AnyAsync(m => m.Id == storeId, cancellationToken))
            {
                return PayError.NotFound("Store");
            }

            await db.StoreLogos.Where(l => l.MerchantId == storeId).ExecuteDeleteAsync(cancellationToken);
            return true;
        }
    }

    /// <summary>The logo to serve; null when the store has none (or does not exist).</summary>
    public async Task<LogoFile?> FindAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var logo = await db.StoreLogos.AsNoTracking().FirstOrDefaultAsync(l => l.MerchantId == storeId, cancellationToken);
        return logo is null ? null : new LogoFile(logo.Content, logo.ContentType, "\"" + Convert.ToHexStringLower(SHA256.HashData(logo.Content))[..32] + "\"");
    }

    /// <summary>Whether the store has a logo, without loading it.</summary>
    public async Task<bool> HasLogoAsync(Guid storeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StoreLogos.AnyAsync(l => l.MerchantId == storeId, cancellationToken);
    }

    private static PayError TooLarge(string what) =>
        new(PayErrorKind.Invalid, ErrorCodes.PayloadTooLarge, $"The logo may be at most {MaxBytes / 1024} KB; {what}. Save it smaller or as SVG.");

    /// <summary>The image type the bytes themselves prove, or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return IsSvg(bytes) ? Svg : null;
    }

    /// <summary>
    /// SVG is text: valid UTF-8 whose first element is <c>&lt;svg</c>, after an optional byte-order mark, XML
    /// declaration, comments and doctype. Anything else that merely mentions svg (an HTML page, say) is refused.
    /// </summary>
    private static bool IsSvg(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, SvgRootWithin)]);
        var at = 0;
        while (true)
        {
            while (at < text.Length && char.IsWhiteSpace(text[at]))
            {
                at++;
            }

            var rest = text.AsSpan(at);
            if (rest.StartsWith("<svg", StringComparison.Ordinal))
            {
                return rest.Length > 4 && (char.IsWhiteSpace(rest[4]) || rest[4] is '>' or '/');
            }

            var skipTo = rest.StartsWith("<?xml", StringComparison.Ordinal) ? "?>"
                : rest.StartsWith("<!--", StringComparison.Ordinal) ? "-->"
                : rest.StartsWith("<!DOCTYPE svg", StringComparison.OrdinalIgnoreCase) ? ">"
                : null;
            var end = skipTo is null ? -1 : rest.IndexOf(skipTo, StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            at += end + skipTo!.Length;
        }
    }
}
