namespace PaySessions.Core.Chain;

/// <summary>How far a network has been scanned. Persisted, so a restart resumes from here and misses nothing.</summary>
public sealed class ChainCursor
{
    public required string Network { get; set; }

    public long LastBlock { get; set; }

    public required string LastHash { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A recently scanned block's hash: compared against the chain to find where a reorganisation forked.</summary>
public sealed class ChainBlock
{
    public required string Network { get; set; }

    public long Number { get; set; }

    public required string Hash { get; set; }
}
