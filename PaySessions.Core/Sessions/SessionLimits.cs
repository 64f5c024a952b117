namespace PaySessions.Core.Sessions;

public static class SessionLimits
{
    public const int MaxTextLength = 128;
}
