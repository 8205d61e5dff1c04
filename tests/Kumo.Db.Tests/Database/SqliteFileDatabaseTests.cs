using Dapper;
using Kumo.Db.Database;
using Kumo.Db.Migrations;
using Kumo.Db.Tests.Support;
using Kumo.Objects.Instances;
using Microsoft.Data.Sqlite;

namespace Kumo.Db.Tests.Database;

/// <summary>The file mode the all-in-one service runs on: WAL, pragmas, pooled readers, one writer.</summary>
public sealed class SqliteFileDatabaseTests : IDisposable
{
    private readonly string _directory = TestStores.NewTempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string DbPath => Path.Combine(_directory, "state", "nested", "kumo.db");

    [Fact]
    public async Task Opening_creates_missing_folders_and_sets_wal_and_the_writer_pragmas()
    {
        await using var database = SqliteDatabase.Open(DbPath);

        Assert.True(File.Exists(DbPath));
        Assert.Equal("wal", await database.ReadAsync(c => c.ExecuteScalarAsync<string>("PRAGMA journal_mode")));
        var pragmas = await database.WriteAsync(async c => (
            ForeignKeys: await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"),
            BusyTimeout: await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout"),
            Synchronous: await c.ExecuteScalarAsync<long>("PRAGMA synchronous")));
        Assert.Equal((1L, 5000L, 1L), pragmas); // synchronous 1 = NORMAL
    }

    [Fact]
    public async Task The_wal_is_copied_into_the_database_file_in_the_background()
    {
        await using var stores = await KumoStores.OpenSqliteAsync(DbPath);
        var database = (SqliteDatabase)stores.Database;
        var fileBefore = new FileInfo(DbPath).Length;
        var checkpointsBefore = database.BackgroundCheckpoints;

        // Far fewer pages than the writer's own threshold (10,000): only the background thread
        // copies these into the main file.
        for (var i = 0; i < 200; i++)
        {
            await stores.Instances.CreateAsync(TestInstances.New());
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (database.BackgroundCheckpoints == checkpointsBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(database.BackgroundCheckpoints > checkpointsBefore, "no background checkpoint within 10 s");
        Assert.True(new FileInfo(DbPath).Length > fileBefore, "the database file did not grow: the rows are still only in the WAL");
        Assert.Equal(10_000L, await database.WriteAsync(c => c.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint")));
        Assert.Equal(200, (await stores.Instances.ListAsync()).Count);
    }

    [Fact]
    public async Task Data_survives_reopening_and_the_schema_is_not_migrated_again()
    {
        var instance = TestInstances.New();
        await using (var stores = await KumoStores.OpenSqliteAsync(DbPath))
        {
            await stores.Instances.CreateAsync(instance);
        }

        await using var reopened = await KumoStores.OpenSqliteAsync(DbPath);

        InstanceAssert.Equal(instance, await reopened.Instances.GetAsync(instance.Uuid));
        Assert.Empty(await new Migrator(reopened.Database).MigrateAsync());
    }

    [Fact]
    public async Task Closing_checkpoints_the_wal_and_releases_the_files()
    {
        await using (var stores = await KumoStores.OpenSqliteAsync(DbPath))
        {
            await stores.Instances.CreateAsync(TestInstances.New());
            await stores.Instances.ListAsync(); // a pooled reader connection
            Assert.True(File.Exists(DbPath + "-wal"));
        }

        Assert.False(File.Exists(DbPath + "-wal"));
        Assert.False(File.Exists(DbPath + "-shm"));
    }

    [Fact]
    public async Task Foreign_keys_are_enforced()
    {
        await using var stores = await KumoStores.OpenSqliteAsync(DbPath);

        var error = await Assert.ThrowsAsync<SqliteException>(() => stores.Database.WriteAsync(c => c.ExecuteAsync(
            "INSERT INTO instance_actions_events (action_id, event, start_time) VALUES (12345, 'orphan', 'now')")));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    [Fact]
    public async Task A_disposed_database_refuses_work()
    {
        var database = SqliteDatabase.Open(DbPath);
        await database.DisposeAsync();
        await database.DisposeAsync(); // idempotent

        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.WriteAsync(c => c.ExecuteAsync("SELECT 1")));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.ReadAsync(c => c.ExecuteAsync("SELECT 1")));
    }

    [Fact]
    public async Task Many_tasks_read_and_write_concurrently()
    {
        await using var stores = await KumoStores.OpenSqliteAsync(DbPath);
        var instances = Enumerable.Range(0, 8).Select(_ => TestInstances.New(taskState: null)).ToList();
        foreach (var instance in instances)
        {
            await stores.Instances.CreateAsync(instance);
        }

        var writers = instances.Select(instance => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                instance.Node = $"save-{i}";
                instance.TaskState = i % 2 == 0 ? TaskState.Rebooting : null;
                await stores.Instances.SaveAsync(instance, [i % 2 == 0 ? null : TaskState.Rebooting]);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.Equal(8, (await stores.Instances.ListAsync("compute-1")).Count);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        Assert.All(await stores.Instances.ListAsync(), i => Assert.Equal("save-49", i.Node));
    }

    [Fact]
    public async Task Two_databases_on_one_file_wait_for_each_others_writes()
    {
        // As two processes would (an admin command next to the service): busy_timeout, not errors.
        await using var first = await KumoStores.OpenSqliteAsync(DbPath);
        await using var second = await KumoStores.OpenSqliteAsync(DbPath);
        var a = TestInstances.New(taskState: null);
        var b = TestInstances.New(taskState: null);
        await first.Instances.CreateAsync(a);
        await second.Instances.CreateAsync(b);

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 200; i++) { a.Node = $"a-{i}"; await first.Instances.SaveAsync(a); } }),
            Task.Run(async () => { for (var i = 0; i < 200; i++) { b.Node = $"b-{i}"; await second.Instances.SaveAsync(b); } }));

        Assert.Equal("b-199", (await first.Instances.GetAsync(b.Uuid)).Node);
        Assert.Equal("a-199", (await second.Instances.GetAsync(a.Uuid)).Node);
    }
}
