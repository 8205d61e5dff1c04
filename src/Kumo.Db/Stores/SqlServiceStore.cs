using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Services;

namespace Kumo.Db.Stores;

public sealed class SqlServiceStore(KumoDatabase database, TimeProvider? timeProvider = null) : IServiceStore
{
    private const string Columns = """
        id AS Id, host AS Host, "binary" AS "Binary", topic AS Topic, availability_zone AS AvailabilityZone,
        disabled AS Disabled, disabled_reason AS DisabledReason, forced_down AS ForcedDown,
        report_count AS ReportCount, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    private const string ReportSql = $"""
        INSERT INTO services (host, "binary", topic, availability_zone, report_count, disabled, forced_down, created_at, updated_at)
        VALUES (@Host, @Binary, @Topic, @AvailabilityZone, 1, 0, 0, @Now, @Now)
        ON CONFLICT (host, "binary") DO UPDATE SET topic = excluded.topic, availability_zone = excluded.availability_zone,
            report_count = services.report_count + 1, updated_at = excluded.updated_at
        RETURNING {Columns}
        """;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<ServiceRecord> ReportAsync(string host, string binary, string topic, string availabilityZone, CancellationToken cancellationToken = default)
    {
        var parameters = new { Host = host, Binary = binary, Topic = topic, AvailabilityZone = availabilityZone, Now = DbValues.Time(_time.GetUtcNow()) };
        var row = await database.WriteAsync(connection => connection.QuerySingleAsync<ServiceRow>(
            new CommandDefinition(ReportSql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row.ToRecord();
    }

    public async Task<IReadOnlyList<ServiceRecord>> ListAsync(string? binary = null, CancellationToken cancellationToken = default)
    {
        var sql = $"SELECT {Columns} FROM services" + (binary is null ? "" : " WHERE \"binary\" = @Binary") + " ORDER BY id";
        var rows = await database.ReadAsync(connection => connection.QueryAsync<ServiceRow>(
            new CommandDefinition(sql, new { Binary = binary }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public Task<ServiceRecord?> TryGetAsync(long id, CancellationToken cancellationToken = default) =>
        QueryOneAsync($"SELECT {Columns} FROM services WHERE id = @Id", new { Id = id }, cancellationToken);

    public Task<ServiceRecord?> TryGetAsync(string host, string binary, CancellationToken cancellationToken = default) =>
        QueryOneAsync($"SELECT {Columns} FROM services WHERE host = @Host AND \"binary\" = @Binary", new { Host = host, Binary = binary }, cancellationToken);

    public Task<ServiceRecord?> SetDisabledAsync(long id, bool disabled, string? reason, CancellationToken cancellationToken = default) =>
        UpdateOneAsync("disabled = @Disabled, disabled_reason = @Reason",
            new { Id = id, Disabled = DbValues.Flag(disabled), Reason = disabled ? reason : null }, cancellationToken);

    public Task<ServiceRecord?> SetForcedDownAsync(long id, bool forcedDown, CancellationToken cancellationToken = default) =>
        UpdateOneAsync("forced_down = @ForcedDown", new { Id = id, ForcedDown = DbValues.Flag(forcedDown) }, cancellationToken);

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var deleted = await database.WriteAsync(connection => connection.ExecuteAsync(
            new CommandDefinition("DELETE FROM services WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    // The operator's switches leave updated_at alone: it is the heartbeat, and os-services' "state" reads it.
    private async Task<ServiceRecord?> UpdateOneAsync(string assignments, object parameters, CancellationToken cancellationToken)
    {
        var sql = $"UPDATE services SET {assignments} WHERE id = @Id RETURNING {Columns}";
        var row = await database.WriteAsync(connection => connection.QuerySingleOrDefaultAsync<ServiceRow>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    private async Task<ServiceRecord?> QueryOneAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<ServiceRow>(
            new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row?.ToRecord();
    }

    private sealed class ServiceRow
    {
        public long Id { get; set; }
        public string Host { get; set; } = "";
        public string Binary { get; set; } = "";
        public string Topic { get; set; } = "";
        public string AvailabilityZone { get; set; } = "";
        public int Disabled { get; set; }
        public string? DisabledReason { get; set; }
        public int ForcedDown { get; set; }
        public long ReportCount { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";

        public ServiceRecord ToRecord() => new(Id, Host, Binary, Topic, AvailabilityZone, Disabled != 0, DisabledReason, ForcedDown != 0,
            ReportCount, DbValues.ParseTime(CreatedAt), DbValues.ParseTime(UpdatedAt));
    }
}
