using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Network;

namespace Kumo.Db.Stores;

/// <summary>The network info as one JSON document per instance (Nova stores network_info as JSON too).</summary>
public sealed class SqlInstanceInfoCacheStore(KumoDatabase database, TimeProvider? timeProvider = null) : IInstanceInfoCacheStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<NetworkInfo?> GetAsync(Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var json = await database.ReadAsync(connection => connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT network_info FROM instance_info_caches WHERE instance_uuid = @InstanceUuid",
            new { InstanceUuid = DbValues.Id(instanceUuid) }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return json is null ? null : DbJson.Deserialize<NetworkInfo>(json);
    }

    public async Task<IReadOnlyDictionary<Guid, NetworkInfo>> GetAsync(IReadOnlyCollection<Guid> instanceUuids, CancellationToken cancellationToken = default)
    {
        if (instanceUuids.Count == 0)
        {
            return new Dictionary<Guid, NetworkInfo>();
        }
        var rows = await IdChunks.QueryAsync(database, instanceUuids, (connection, chunk) => connection.QueryAsync<CacheRow>(new CommandDefinition(
            "SELECT instance_uuid AS InstanceUuid, network_info AS NetworkInfo FROM instance_info_caches WHERE instance_uuid IN @InstanceUuids",
            new { InstanceUuids = chunk }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => Guid.Parse(r.InstanceUuid), r => DbJson.Deserialize<NetworkInfo>(r.NetworkInfo));
    }

    public Task SaveAsync(Guid instanceUuid, NetworkInfo networkInfo, CancellationToken cancellationToken = default)
    {
        var now = DbValues.Time(_time.GetUtcNow());
        // ON CONFLICT ... DO UPDATE is the same statement in SQLite (3.24+) and PostgreSQL.
        const string sql = """
            INSERT INTO instance_info_caches (instance_uuid, network_info, created_at, updated_at)
            VALUES (@InstanceUuid, @NetworkInfo, @Now, @Now)
            ON CONFLICT (instance_uuid) DO UPDATE SET network_info = excluded.network_info, updated_at = excluded.updated_at
            """;
        return database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(sql,
            new { InstanceUuid = DbValues.Id(instanceUuid), NetworkInfo = DbJson.Serialize(networkInfo), Now = now },
            cancellationToken: cancellationToken)), cancellationToken);
    }

    public Task DeleteAsync(Guid instanceUuid, CancellationToken cancellationToken = default) =>
        database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM instance_info_caches WHERE instance_uuid = @InstanceUuid",
            new { InstanceUuid = DbValues.Id(instanceUuid) }, cancellationToken: cancellationToken)), cancellationToken);

    private sealed class CacheRow
    {
        public string InstanceUuid { get; set; } = "";
        public string NetworkInfo { get; set; } = "";
    }
}
