using System.Data.Common;
using Dapper;
using Kumo.Db.Database;

namespace Kumo.Db.Migrations;

/// <summary>
/// Brings the schema up to the newest migration. Each migration runs in its own transaction together
/// with its schema_migrations row, so a failure leaves the previous version intact, and re-running
/// applies nothing.
/// </summary>
public sealed class Migrator
{
    private const string VersionTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    private readonly KumoDatabase _database;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<Migration> _migrations;

    public Migrator(KumoDatabase database, TimeProvider? timeProvider = null, IReadOnlyList<Migration>? migrations = null)
    {
        _database = database;
        _time = timeProvider ?? TimeProvider.System;
        _migrations = migrations ?? MigrationCatalog.All;
        for (var i = 1; i < _migrations.Count; i++)
        {
            if (_migrations[i].Version <= _migrations[i - 1].Version)
            {
                throw new ArgumentException($"Migration {_migrations[i].Version} ({_migrations[i].Name}) is out of order.", nameof(migrations));
            }
        }
    }

    /// <summary>Applies the pending migrations; returns the versions applied now (empty when up to date).</summary>
    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default) =>
        _database.WriteAsync<IReadOnlyList<int>>(async connection =>
        {
            await connection.ExecuteAsync(new CommandDefinition(VersionTableSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var applied = new List<int>();
            foreach (var migration in _migrations)
            {
                if (await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(migration.Version);
                }
            }
            return applied;
        }, cancellationToken);

    /// <summary>The versions recorded in schema_migrations, ascending.</summary>
    public Task<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken cancellationToken = default) =>
        _database.ReadAsync<IReadOnlyList<int>>(async connection =>
            (await connection.QueryAsync<int>(new CommandDefinition(
                "SELECT version FROM schema_migrations ORDER BY version", cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList(),
            cancellationToken);

    private async Task<bool> ApplyAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Checked inside the transaction: another process may have migrated since we looked.
        var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version",
            new { migration.Version }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (done > 0)
        {
            return false;
        }
        var sql = migration.Sql.Replace("{identity_pk}", _database.Dialect.IdentityPrimaryKey, StringComparison.Ordinal);
        await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = DbValues.Time(_time.GetUtcNow()) },
            transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
