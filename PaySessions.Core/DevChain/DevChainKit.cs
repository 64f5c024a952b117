using System.Text.Json;

namespace PaySessions.Core.DevChain;

/// <summary>The <c>DevChain</c> section: a local anvil posing as one configured network (Development only).</summary>
public sealed class DevChainOptions
{
    public bool Enabled { get; set; }

    /// <summary>The network the local chain poses as; its chain id and token addresses come from <c>Networks</c>.</summary>
    public string Network { get; set; } = "polygon";

    /// <summary>The devchain/ folder (npm packages, compiled token). Empty: found by walking up from the app.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Seconds between blocks, so confirmations accrue on their own; 0 mines a block per transaction only.</summary>
    public int BlockTime { get; set; } = 1;

    /// <summary>Anvil's state file, so the chain survives a restart like the database does. Empty: beside the database.</summary>
    public string StatePath { get; set; } = "";
}

/// <summary>The well-known, publicly funded anvil development account that plays the customer. Never use it on a real network.</summary>
public static class DemoCustomer
{
    public const string Address = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    public const string PrivateKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
}

/// <summary>Where the npm-installed anvil binary and our compiled demo token live.</summary>
public sealed record DevChainKit(string Directory, string AnvilPath, string TokenRuntimeCode)
{
    public static DevChainKit Locate(string? configured = null)
    {
        var directory = !string.IsNullOrWhiteSpace(configured) ? Path.GetFullPath(configured) : Find()
            ?? throw new DirectoryNotFoundException("devchain/ was not found above the app; set DevChain:Directory.");
        var anvil = Path.Combine(directory, "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        var artifact = Path.Combine(directory, "build", "DemoToken.json");
        if (!File.Exists(artifact))
        {
            throw new FileNotFoundException($"The demo token is not compiled ({artifact}); run scripts/setup.sh.", artifact);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(artifact));
        return new DevChainKit(directory, anvil, json.RootElement.GetProperty("deployedBytecode").GetString()!);
    }

    private static string? Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "devchain", "package.json")))
                {
                    return Path.Combine(dir.FullName, "devchain");
                }
            }
        }

        return null;
    }
}
