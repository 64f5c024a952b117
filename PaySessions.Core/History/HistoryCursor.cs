using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PaySessions.Core.History;

/// <summary>
/// Where a page ended: the last row's creation time and id (the keyset), in which order, under which criteria. Opaque
/// to callers (base64url); a cursor made under other criteria or another order is refused instead of silently
/// paging something else.
/// </summary>
internal sealed record HistoryCursor(bool OldestFirst, DateTime CreatedAt, Guid Id, ulong FilterHash)
{
    private const byte Version = 1;

    private const int Length = 1 + 1 + 8 + 16 + 8;

    public string Encode()
    {
        var bytes = new byte[Length];
        bytes[0] = Version;
        bytes[1] = OldestFirst ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), CreatedAt.Ticks);
        Id.TryWriteBytes(bytes.AsSpan(10), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(26), FilterHash);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The position, or null when the text is not a cursor of ours.</summary>
    public static HistoryCursor? Decode(string text)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length != Length || bytes[0] != Version || bytes[1] > 1)
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(2));
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new HistoryCursor(bytes[1] == 1, new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes.AsSpan(10, 16), bigEndian: true),
            BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(26)));
    }

    public static ulong Hash(HistoryFilter filter, bool oldestFirst) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(filter.Canonical() + (oldestFirst ? "|asc" : "|desc"))));
}
