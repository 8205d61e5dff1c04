using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Faults;

namespace Kumo.Db.Stores;

/// <summary>Instance faults, newest first (Nova's instance_fault_get_by_instance_uuids order).</summary>
public sealed class SqlInstanceFaultStore(KumoDatabase database, TimeProvider? timeProvider = null) : IInstanceFaultStore
{
    private const string Select = """
        SELECT id AS Id, instance_uuid AS InstanceUuid, code AS Code, message AS Message, details AS Details,
            host AS Host, created_at AS CreatedAt
        FROM instance_faults WHERE instance_uuid = @InstanceUuid ORDER BY created_at DESC, id DESC
        """;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>CreatedAt defaults to now when the fault leaves it unset.</summary>
    public Task AddAsync(InstanceFault fault, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            InstanceUuid = DbValues.Id(fault.InstanceUuid),
            fault.Code,
            fault.Message,
            fault.Details,
            fault.Host,
            CreatedAt = DbValues.Time(fault.CreatedAt == default ? _time.GetUtcNow() : fault.CreatedAt),
        };
        return database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO instance_faults (instance_uuid, code, message, details, host, created_at) VALUES (@InstanceUuid, @Code, @Message, @Details, @Host, @CreatedAt)",
            parameters, cancellationToken: cancellationToken)), cancellationToken);
    }

    public async Task<InstanceFault?> GetLatestAsync(Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var row = await database.ReadAsync(connection => connection.QueryFirstOrDefaultAsync<FaultRow>(new CommandDefinition(
            Select + " LIMIT 1", new { InstanceUuid = DbValues.Id(instanceUuid) }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return row?.ToFault();
    }

    public async Task<IReadOnlyDictionary<Guid, InstanceFault>> GetLatestAsync(IReadOnlyCollection<Guid> instanceUuids, CancellationToken cancellationToken = default)
    {
        if (instanceUuids.Count == 0)
        {
            return new Dictionary<Guid, InstanceFault>();
        }
        const string sql = """
            SELECT id AS Id, instance_uuid AS InstanceUuid, code AS Code, message AS Message, details AS Details,
                host AS Host, created_at AS CreatedAt
            FROM instance_faults WHERE instance_uuid IN @InstanceUuids ORDER BY created_at DESC, id DESC
            """;
        // Each instance's faults are all in its chunk, newest first: the first seen is its latest.
        var rows = await IdChunks.QueryAsync(database, instanceUuids, (connection, chunk) => connection.QueryAsync<FaultRow>(new CommandDefinition(
            sql, new { InstanceUuids = chunk }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        var latest = new Dictionary<Guid, InstanceFault>();
        foreach (var fault in rows.Select(r => r.ToFault()))
        {
            latest.TryAdd(fault.InstanceUuid, fault);
        }
        return latest;
    }

    public async Task<IReadOnlyList<InstanceFault>> ListAsync(Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<FaultRow>(new CommandDefinition(
            Select, new { InstanceUuid = DbValues.Id(instanceUuid) }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToFault()).ToList();
    }

    private sealed class FaultRow
    {
        public long Id { get; set; }
        public string InstanceUuid { get; set; } = "";
        public int Code { get; set; }
        public string Message { get; set; } = "";
        public string? Details { get; set; }
        public string? Host { get; set; }
        public string CreatedAt { get; set; } = "";

        public InstanceFault ToFault() => new()
        {
            Id = Id,
            InstanceUuid = Guid.Parse(InstanceUuid),
            Code = Code,
            Message = Message,
            Details = Details,
            Host = Host,
            CreatedAt = DbValues.ParseTime(CreatedAt),
        };
    }
}
