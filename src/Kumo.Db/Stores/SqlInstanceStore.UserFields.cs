using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

public sealed partial class SqlInstanceStore
{
    // Only the fields a user edits through the API: a compute host saving its states at the same
    // moment neither loses this change nor has its own overwritten by it.
    private const string UpdateUserFieldsSql = """
        UPDATE instances SET display_name = @DisplayName, description = @Description, access_ip_v4 = @AccessIpV4,
            access_ip_v6 = @AccessIpV6, metadata_json = @MetadataJson, updated_at = @UpdatedAt
        WHERE uuid = @Uuid AND deleted = 0
        """;

    public async Task<Instance> UpdateUserFieldsAsync(Guid uuid, Action<Instance> change, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var sql = $"SELECT {InstanceRow.Columns} FROM instances WHERE uuid = @Uuid AND deleted = 0";
        return await database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var row = await connection.QuerySingleOrDefaultAsync<InstanceRow>(new CommandDefinition(
                sql, new { Uuid = DbValues.Id(uuid) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
                ?? throw new InstanceNotFoundException(uuid);
            var instance = row.ToInstance();
            change(instance);
            instance.UpdatedAt = now;
            await connection.ExecuteAsync(new CommandDefinition(UpdateUserFieldsSql, new
            {
                Uuid = DbValues.Id(uuid),
                instance.DisplayName,
                instance.Description,
                instance.AccessIpV4,
                instance.AccessIpV6,
                MetadataJson = DbJson.Serialize(instance.Metadata),
                UpdatedAt = DbValues.Time(now),
            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return instance;
        }, cancellationToken).ConfigureAwait(false);
    }
}
