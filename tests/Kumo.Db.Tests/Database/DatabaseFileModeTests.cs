using Dapper;
using Kumo.Db.Database;
using Kumo.Db.Tests.Support;

namespace Kumo.Db.Tests.Database;

/// <summary>The database holds password hashes and every tenant's servers: only its owner (root) reads it.</summary>
public sealed class DatabaseFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _directory = TestStores.NewTempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_new_database_and_its_wal_and_shm_files_are_0600()
    {
        var path = Path.Combine(_directory, "kumo.db");
        await using var database = SqliteDatabase.Open(path);
        await database.WriteAsync(c => c.ExecuteAsync("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"));

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path + "-wal"));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path + "-shm"));
    }

    [Fact]
    public async Task An_existing_world_readable_database_is_made_0600_when_opened()
    {
        var path = Path.Combine(_directory, "old.db");
        await using (SqliteDatabase.Open(path))
        {
        }
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var database = SqliteDatabase.Open(path);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
    }
}
