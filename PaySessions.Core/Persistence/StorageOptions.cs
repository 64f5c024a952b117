using Microsoft.Extensions.Options;
using PaySessions.Core.Common;

namespace PaySessions.Core.Persistence;

/// <summary>The <c>Storage</c> section: where the SQLite file lives.</summary>
public sealed class StorageOptions
{
    /// <summary>Path of the database file; relative paths are resolved from the working directory.</summary>
    public string DatabasePath { get; set; } = "data/paysessions.db";

    public string ConnectionString()
    {
        var path = Path.GetFullPath(DatabasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return $"Data Source={path};Pooling=True";
    }
}

public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) => new SettingChecks("Storage")
        .Required(nameof(options.DatabasePath), options.DatabasePath)
        .Result();
}
