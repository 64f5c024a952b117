using System.Collections.Concurrent;

namespace PaySessions.Core.Chain;

/// <summary>
/// Addresses the app's own saves are adding to what the chain monitor must watch: a store's new wallet, or an open
/// payment to an address no store wallet names (a voucher's payee). A scanner re-reads its watch list from the database
/// every few seconds; a transfer to such an address mined in between would be scanned past and never seen. So each is
/// noted here as its save begins, and the scanners watch what is noted at once (an address watched a moment early, or
/// after a save that failed, costs nothing but a wider log filter). A scanner forgets what it has since read from the
/// database itself.
/// </summary>
public sealed class RecipientWatch(TimeProvider time)
{
    /// <summary>How long a noted address is kept beyond the scanner's next read: longer than any save takes to commit.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Network, string Address), DateTimeOffset> _noted = new();

    public void Note(string network, string address) => _noted[(network, address)] = time.GetUtcNow();

    /// <summary>
    /// <paramref name="loaded"/> (sorted, ordinal) with every address noted on the network that it lacks; the same array
    /// when it lacks none.
    /// </summary>
    public string[] Widen(string network, string[] loaded)
    {
        if (_noted.IsEmpty)
        {
            return loaded;
        }

        List<string>? missing = null;
        foreach (var ((noted, address), _) in _noted)
        {
            if (noted == network && Array.BinarySearch(loaded, address, StringComparer.Ordinal) < 0)
            {
                (missing ??= []).Add(address);
            }
        }

        return missing is null ? loaded : loaded.Concat(missing).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>A scanner began reading its watch list at <paramref name="readFrom"/>: what was noted well before is in what it read, or no longer held.</summary>
    public void Read(string network, DateTimeOffset readFrom)
    {
        foreach (var (key, notedAt) in _noted)
        {
            if (key.Network == network && notedAt < readFrom - Kept)
            {
                _noted.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, notedAt));
            }
        }
    }
}
