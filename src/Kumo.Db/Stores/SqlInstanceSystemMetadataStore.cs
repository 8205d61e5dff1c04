using System.Data.Common;
using Dapper;
using Kumo.Db.Database;

namespace Kumo.Db.Stores;

/// <summary>One row per item, as Nova's table (key and value as text).</summary>
public sealed class SqlInstanceSystemMetadataStore(KumoDatabase database, TimeProvider? timeProvider = null) : IInstanceSystemMetadataStore
{
    // ON CONFLICT ... DO UPDATE (with its WHERE) is the same statement in SQLite (3.24+) and PostgreSQL.
    private const string UpsertSql = """
        INSERT INTO instance_system_metadata (instance_uuid, key, value, created_at, updated_at)
        VALUES (@InstanceUuid, @Key, @Value, @Now, @Now)
        ON CONFLICT (instance_uuid, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """;

    // Writes only when the stored value is empty: 0 rows changed means another writer got there first.
    private const string UpsertWhileEmptySql = UpsertSql + "\n    WHERE instance_system_metadata.value = ''";

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<IReadOnlyDictionary<string, string>> GetAsync(Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<ItemRow>(new CommandDefinition(
            "SELECT key AS Key, value AS Value FROM instance_system_metadata WHERE instance_uuid = @InstanceUuid",
            new { InstanceUuid = DbValues.Id(instanceUuid) }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    public Task UpdateAsync(Guid instanceUuid, IReadOnlyDictionary<string, string> items, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await UpsertAsync(connection, transaction, UpsertSql, instanceUuid, items, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<bool> TryUpdateWhileEmptyAsync(Guid instanceUuid, string guardKey, IReadOnlyDictionary<string, string> items, CancellationToken cancellationToken = default)
    {
        if (!items.ContainsKey(guardKey))
        {
            throw new ArgumentException($"The items must hold the guard key {guardKey}.", nameof(items));
        }
        return database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var guard = new Dictionary<string, string> { [guardKey] = items[guardKey] };
            if (await UpsertAsync(connection, transaction, UpsertWhileEmptySql, instanceUuid, guard, cancellationToken).ConfigureAwait(false) == 0)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
            var rest = items.Where(i => i.Key != guardKey).ToDictionary(i => i.Key, i => i.Value);
            await UpsertAsync(connection, transaction, UpsertSql, instanceUuid, rest, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private async Task<int> UpsertAsync(DbConnection connection, DbTransaction transaction, string sql, Guid instanceUuid,
        IReadOnlyDictionary<string, string> items, CancellationToken cancellationToken)
    {
        var now = DbValues.Time(_time.GetUtcNow());
        var changed = 0;
        foreach (var (key, value) in items)
        {
            changed += await connection.ExecuteAsync(new CommandDefinition(sql,
                new { InstanceUuid = DbValues.Id(instanceUuid), Key = key, Value = value, Now = now },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        return changed;
    }

    private sealed class ItemRow
    {
        public string Key { get; set; } = "";
        public string Value { get; set; } = "";
    }
}
