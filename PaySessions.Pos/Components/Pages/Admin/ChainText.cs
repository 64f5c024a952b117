using PaySessions.Core.Chain;

namespace PaySessions.Pos.Components.Pages.Admin;

/// <summary>How the back office writes on-chain things in tight spaces.</summary>
public static class ChainText
{
    /// <summary>An address or hash as its first and last few digits, as the timeline writes them; the whole of it goes in a title.</summary>
    public static string Short(string hex) => hex.Length > 12 ? $"{hex[..6]}…{hex[^4..]}" : hex;

    public static string NetworkName(this NetworkCatalog catalog, string network) => catalog.FindNetwork(network)?.DisplayName ?? network;
}
