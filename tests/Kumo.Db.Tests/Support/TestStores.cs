using Kumo.Db.Database;

namespace Kumo.Db.Tests.Support;

/// <summary>Migrated stores over an in-memory or a temp-file SQLite database, with a manual clock.</summary>
public sealed class TestStores : IAsyncDisposable
{
    public const string Memory = "memory";
    public const string File = "file";

    private readonly string? _directory;

    private TestStores(KumoStores stores, ManualTimeProvider time, string? directory)
    {
        Stores = stores;
        Time = time;
        _directory = directory;
    }

    /// <summary>Both database modes, for tests whose behaviour must not depend on the connection strategy.</summary>
    public static TheoryData<string> Kinds => new() { Memory, File };

    public KumoStores Stores { get; }
    public ManualTimeProvider Time { get; }
    public KumoDatabase Database => Stores.Database;

    public static async Task<TestStores> OpenAsync(string kind = Memory)
    {
        var time = new ManualTimeProvider();
        if (kind == Memory)
        {
            return new TestStores(await KumoStores.OpenInMemoryAsync(time), time, null);
        }
        var directory = NewTempDirectory();
        return new TestStores(await KumoStores.OpenSqliteAsync(Path.Combine(directory, "kumo.db"), time), time, directory);
    }

    public static string NewTempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "kumo-db-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
