using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Events;

namespace Kumo.Db.Stores;

public sealed class SqlInstanceExternalEventStore(KumoDatabase database) : IInstanceExternalEventStore
{
    public Task RecordAsync(ReceivedInstanceEvent received, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            InstanceUuid = DbValues.Id(received.InstanceUuid),
            received.Name,
            received.Tag,
            received.Status,
            received.Host,
            Expected = DbValues.Flag(received.Expected),
            CreatedAt = DbValues.Time(received.CreatedAt),
        };
        return database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO instance_external_events (instance_uuid, name, tag, status, host, expected, created_at)
            VALUES (@InstanceUuid, @Name, @Tag, @Status, @Host, @Expected, @CreatedAt)
            """, parameters, cancellationToken: cancellationToken)), cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedInstanceEvent>> ListAsync(Guid instanceUuid, CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<EventRow>(new CommandDefinition("""
            SELECT instance_uuid AS InstanceUuid, name AS Name, tag AS Tag, status AS Status, host AS Host,
                expected AS Expected, created_at AS CreatedAt
            FROM instance_external_events WHERE instance_uuid = @InstanceUuid ORDER BY created_at, id
            """, new { InstanceUuid = DbValues.Id(instanceUuid) }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new ReceivedInstanceEvent(Guid.Parse(r.InstanceUuid), r.Name, r.Tag, r.Status, r.Host, r.Expected != 0,
            DbValues.ParseTime(r.CreatedAt))).ToList();
    }

    private sealed class EventRow
    {
        public string InstanceUuid { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Tag { get; set; }
        public string Status { get; set; } = "";
        public string Host { get; set; } = "";
        public int Expected { get; set; }
        public string CreatedAt { get; set; } = "";
    }
}
