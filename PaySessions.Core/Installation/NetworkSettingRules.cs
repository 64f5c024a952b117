namespace PaySessions.Core.Installation;

/// <summary>What a network's saved settings must look like before any node is asked: pure rules, no I/O.</summary>
public static class NetworkSettingRules
{
    public const int MaxRpcUrls = 10;
    public const int MaxUrlLength = 2048;
    public const int MinConfirmations = 1;
    public const int MaxConfirmations = 1000;

    /// <summary>The URLs of a text with one per line, trimmed, blanks and repeats left out, in order.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Field errors keyed by the request's field names; empty when the settings may go on to be tested.</summary>
    public static Dictionary<string, string[]> Check(IReadOnlyList<string> rpcUrls, string? webSocketUrl, int? confirmations)
    {
        var errors = new Dictionary<string, string[]>();
        var badUrls = rpcUrls.Where(u => !IsUrl(u, "http", "https")).Select(u => $"'{u}' is not an http(s) URL.").ToList();
        if (rpcUrls.Count > MaxRpcUrls)
        {
            badUrls.Add($"Give at most {MaxRpcUrls} RPC URLs.");
        }

        if (badUrls.Count > 0)
        {
            errors["rpcUrls"] = [.. badUrls];
        }

        if (webSocketUrl is not null && !IsUrl(webSocketUrl, "ws", "wss"))
        {
            errors["webSocketUrl"] = [$"'{webSocketUrl}' is not a ws(s) URL."];
        }
        else if (webSocketUrl is not null && rpcUrls.Count == 0)
        {
            errors["webSocketUrl"] = ["A WebSocket URL only announces new blocks; give an RPC URL too, which the transfers are read from."];
        }

        if (confirmations is < MinConfirmations or > MaxConfirmations)
        {
            errors["confirmations"] = [$"The confirmation depth must be between {MinConfirmations} and {MaxConfirmations}; it is {confirmations}."];
        }

        return errors;
    }

    private static bool IsUrl(string text, params string[] schemes) =>
        text.Length <= MaxUrlLength && Uri.TryCreate(text, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme) && uri.Host.Length > 0;
}
