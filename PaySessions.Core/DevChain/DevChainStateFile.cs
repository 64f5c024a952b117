using System.Globalization;
using System.Text.Json;

namespace PaySessions.Core.DevChain;

/// <summary>
/// The dev chain's saved state, kept so that a crash cannot leave it truncated. Anvil writes its dumps in place,
/// so it never writes the file we load: it dumps to <c>&lt;state&gt;.dump</c>, and only a dump that reads as complete
/// JSON is copied to a temporary file, flushed and renamed over the state file (a rename is atomic). A state file
/// that is unreadable all the same (from an older version, or edited by hand) is set aside and a fresh chain starts.
/// </summary>
public sealed class DevChainStateFile(string path)
{
    private readonly Lock _gate = new();

    /// <summary>The state anvil loads at start.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Where anvil dumps its state (every few seconds and on exit).</summary>
    public string DumpPath => Path + ".dump";

    /// <summary>Why the previous state was not loaded, and where it went; null when it was fine or absent.</summary>
    public string? SetAsideNotice { get; private set; }

    /// <summary>
    /// Promotes a complete dump left by the last run, then checks the state file: true when there is one to load.
    /// An unreadable one is moved to <c>&lt;state&gt;.corrupt-&lt;time&gt;</c>, with <see cref="SetAsideNotice"/> saying so.
    /// </summary>
    public bool PrepareToLoad()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        Promote();
        if (!File.Exists(Path))
        {
            return false;
        }

        if (IsCompleteJson(Path))
        {
            return true;
        }

        SetAside("it is not complete JSON (cut short by a crash?)");
        return false;
    }

    /// <summary>Moves the state file out of the way after anvil refused to load it.</summary>
    public void SetAside(string reason)
    {
        var aside = $"{Path}.corrupt-{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
        File.Move(Path, aside, overwrite: true);
        SetAsideNotice = $"The dev chain's state file {Path} could not be used: {reason}. It was moved to {aside} and a fresh chain " +
                         "starts (demo tokens and the demo customer are set up again). Delete the moved file once you no longer need it.";
    }

    /// <summary>Copies anvil's latest dump over the state file if it is complete; a dump being written is left for next time.</summary>
    public void Promote()
    {
        lock (_gate)
        {
            if (!File.Exists(DumpPath) || !IsCompleteJson(DumpPath))
            {
                return;
            }

            var temporary = Path + ".tmp";
            using (var source = new FileStream(DumpPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                source.CopyTo(target);
                target.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
    }

    private static bool IsCompleteJson(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length == 0)
            {
                return false;
            }

            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return false;
        }
    }
}
