using Dapper;
using Kumo.Db.Database;
using Kumo.Db.Migrations;

namespace Kumo.Db.Tests.Migrations;

public sealed class MigratorTests
{
    private static readonly string[] Tables =
    [
        "compute_nodes", "flavors", "image_members", "images", "instance_actions", "instance_actions_events",
        "instance_faults", "instances", "notifications", "schema_migrations",
    ];

    [Fact]
    public async Task Running_twice_applies_everything_once_and_records_the_versions()
    {
        await using var database = SqliteDatabase.OpenInMemory();
        var migrator = new Migrator(database);

        var first = await migrator.MigrateAsync();
        var second = await migrator.MigrateAsync();

        Assert.Equal(MigrationCatalog.All.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(MigrationCatalog.All.Select(m => m.Version), await migrator.GetAppliedVersionsAsync());
        var recorded = await database.ReadAsync(c => c.QueryAsync<(long, string)>("SELECT version, name FROM schema_migrations ORDER BY version"));
        Assert.Equal(MigrationCatalog.All.Select(m => ((long)m.Version, m.Name)), recorded);
        // Each migration adds its own tables; these are the ones every later schema keeps.
        Assert.Superset(Tables.ToHashSet(), (await TablesAsync(database)).ToHashSet());
    }

    [Fact]
    public async Task A_new_migration_is_applied_on_top_of_the_recorded_ones()
    {
        await using var database = SqliteDatabase.OpenInMemory();
        await new Migrator(database).MigrateAsync();
        var next = new Migration(MigrationCatalog.All[^1].Version + 1, "add_widgets", "CREATE TABLE widgets (id {identity_pk}, name TEXT NOT NULL)");

        var applied = await new Migrator(database, migrations: [.. MigrationCatalog.All, next]).MigrateAsync();

        Assert.Equal([next.Version], applied);
        Assert.Contains("widgets", await TablesAsync(database));
    }

    [Fact]
    public async Task A_failing_migration_leaves_no_trace()
    {
        await using var database = SqliteDatabase.OpenInMemory();
        await new Migrator(database).MigrateAsync();
        var broken = new Migration(MigrationCatalog.All[^1].Version + 1, "broken", "CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL;");
        var migrator = new Migrator(database, migrations: [.. MigrationCatalog.All, broken]);

        await Assert.ThrowsAnyAsync<Exception>(() => migrator.MigrateAsync());

        Assert.DoesNotContain("half_done", await TablesAsync(database));
        Assert.Equal(MigrationCatalog.All.Select(m => m.Version), await migrator.GetAppliedVersionsAsync());
    }

    [Fact]
    public async Task Migrations_out_of_order_are_refused()
    {
        await using var database = SqliteDatabase.OpenInMemory();
        Assert.Throws<ArgumentException>(() => new Migrator(database,
            migrations: [new Migration(2, "b", "SELECT 1"), new Migration(1, "a", "SELECT 1")]));
    }

    private static async Task<IReadOnlyList<string>> TablesAsync(KumoDatabase database) =>
        (await database.ReadAsync(c => c.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"))).AsList();
}
