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
