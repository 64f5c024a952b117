using Microsoft.Data.Sqlite;

namespace PaySessions.Core.Persistence;

/// <summary>The database file cannot be written: the app says which file and what to do, and stops.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// What SQLite refusing a write means for a caller. A full disk, a read-only file or a lock held past every retry
/// is not a bug in the request: the API answers 503 with one of these codes, and nothing of the request is stored
/// (the write was one transaction, rolled back).
/// </summary>
public static class StorageFailure
{
    public const string Full = "storage_full";

    public const string ReadOnly = "storage_read_only";

    public const string Busy = "storage_busy";

    // SQLite's primary result codes (the low byte of an extended code).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteCannotOpen = 14;

    /// <summary>The code and sentence for a storage failure somewhere in <paramref name="exception"/>'s chain, or null for any other failure.</summary>
    public static (string Code, string Message)? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 1 } masked && masked.Message.Contains("no transaction is active", StringComparison.Ordinal))
            {
                // SQLite rolls a transaction back by itself only when a write fails underneath it (disk full, I/O error);
                // the provider's own rollback then fails with this, hiding the first error. The cause is the disk.
                return (Full, "The server could not write its database (its disk is full or failing); nothing was stored. Try again later.");
            }

            if (e is SqliteException sqlite)
            {
                return (sqlite.SqliteErrorCode & 0xff) switch
                {
                    SqliteFull or SqliteIoError => (Full, "The server's disk is full; nothing was stored. Try again later."),
                    SqliteReadOnly or SqliteCannotOpen => (ReadOnly, "The server cannot write its database right now; nothing was stored. Try again later."),
                    SqliteBusy or SqliteLocked => (Busy, "The database stayed busy too long; nothing was stored. Try again."),
                    _ => null,
                };
            }
        }

        return null;
    }

    /// <summary>
    /// Checked at start, before the schema is touched: the database file (and its folder, where SQLite keeps its journal)
    /// must be writable, so a read-only file stops start-up with a message instead of failing the first sale.
    /// </summary>
    public static void EnsureWritable(string databasePath)
    {
        var path = Path.GetFullPath(databasePath);
        var folder = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }

            var probe = Path.Combine(folder, $".write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new StorageUnavailableException(
                $"The database file {path} cannot be written ({ex.Message.TrimEnd('.')}). PaySessions needs write access to the file and to its folder {folder} " +
                "(SQLite keeps its journal beside it): make both writable by the user running PaySessions, free disk space if it is full, " +
                "or point Storage:DatabasePath at a writable place. Nothing was changed.", ex);
        }
    }

    /// <summary>A storage failure while the schema was being read or brought up to date, said as what to do about it.</summary>
    public static StorageUnavailableException AtStart(string databasePath, Exception exception) => new(
        $"The database file {Path.GetFullPath(databasePath)} could not be updated: " +
        Classify(exception)?.Code switch
        {
            Full => "the disk is full. Free some space on that disk (or point Storage:DatabasePath at another one) and start again.",
            Busy => "another program kept it locked for as long as the app waits. Stop whatever has it open (another PaySessions on the same file, "
                + "a backup or a database tool), then start again.",
            _ => $"{exception.Message.TrimEnd('.')}. Check that the file and its folder are writable and the disk has room, then start again.",
        } +
        " The update was one transaction and was rolled back: nothing was half-written.", exception);
}
