namespace PaySessions.Core.Sessions;

public static class SessionLimits
{
    public const int MaxTextLength = 128;

    /// <summary>A cancel's reason: a sentence someone typed, kept on the timeline.</summary>
    public const int MaxReasonLength = 500;
}
