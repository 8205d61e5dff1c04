using System.Data.Common;
using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

public sealed partial class SqlInstanceStore(KumoDatabase database, TimeProvider? timeProvider = null) : IInstanceStore
{
    private const string InsertSql = """
        INSERT INTO instances (uuid, display_name, hostname, project_id, user_id, flavor_json, image_ref,
            vm_state, task_state, power_state, host, node, launched_at, terminated_at, created_at,
            updated_at, deleted_at, deleted, reservation_id, launch_index, key_name, metadata_json,
            description, access_ip_v4, access_ip_v6, user_data, availability_zone, kernel_id, ramdisk_id, instance_type_id, tags_json,
            key_data, config_drive, injected_files_json, security_groups_json)
        VALUES (@Uuid, @DisplayName, @Hostname, @ProjectId, @UserId, @FlavorJson, @ImageRef,
            @VmState, @TaskState, @PowerState, @Host, @Node, @LaunchedAt, @TerminatedAt, @CreatedAt,
            @UpdatedAt, @DeletedAt, @Deleted, @ReservationId, @LaunchIndex, @KeyName, @MetadataJson,
            @Description, @AccessIpV4, @AccessIpV6, @UserData, @AvailabilityZone, @KernelId, @RamdiskId, @InstanceTypeId, @TagsJson,
            @KeyData, @ConfigDrive, @InjectedFilesJson, @SecurityGroupsJson)
        """;

    // The fields the compute side owns (states, placement, lifecycle times): a save carries an
    // instance read before a build or an action, so writing the user's fields too (name,
    // description, access IPs, metadata, tags) would undo a PUT that came in meanwhile. Those go
    // through UpdateUserFieldsAsync; what the create fixed (flavor, image, zone, hostname) no save changes.
    private const string UpdateSql = """
        UPDATE instances SET vm_state = @VmState, task_state = @TaskState, power_state = @PowerState,
            host = @Host, node = @Node, launched_at = @LaunchedAt, terminated_at = @TerminatedAt,
            updated_at = @UpdatedAt, deleted_at = @DeletedAt, deleted = @Deleted, config_drive = @ConfigDrive
        WHERE uuid = @Uuid AND deleted = 0
        """;

    // Most saves change states and times only. SQLite rewrites the entry of every index whose column
    // the SET names, changed or not, and host and deleted are in three indexes: naming them tripled
    // the pages a state save writes to the WAL (about 30 of a build's 55). So a save tries this
    // first; a host that moved falls through to UpdateSql.
    private const string UpdateStatesSql = """
        UPDATE instances SET vm_state = @VmState, task_state = @TaskState, power_state = @PowerState,
            node = @Node, launched_at = @LaunchedAt, terminated_at = @TerminatedAt,
            updated_at = @UpdatedAt, deleted_at = @DeletedAt, config_drive = @ConfigDrive
        WHERE uuid = @Uuid AND deleted = 0 AND host IS @Host
        """;

    private const string DestroySql = """
        UPDATE instances SET vm_state = @VmState, task_state = NULL, deleted = 1, deleted_at = @Now,
            terminated_at = COALESCE(terminated_at, @Now), updated_at = @Now
        WHERE uuid = @Uuid AND deleted = 0
        """;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task CreateAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var row = InstanceRow.From(instance, now, now);
        try
        {
            await database.WriteAsync(connection => connection.ExecuteAsync(
                new CommandDefinition(InsertSql, row, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (database.Dialect.IsUniqueViolation(e))
        {
            throw new InvalidRequestException($"Instance {instance.Uuid} already exists.");
        }
        InstanceAccessors.SetCreatedAt(instance, now);
        instance.UpdatedAt = now;
    }

    public async Task<Instance> GetAsync(Guid uuid, bool readDeleted = false, CancellationToken cancellationToken = default) =>
        await TryGetAsync(uuid, readDeleted, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(uuid);

    public async Task<Instance?> TryGetAsync(Guid uuid, bool readDeleted = false, CancellationToken cancellationToken = default)
    {
        var sql = $"SELECT {InstanceRow.Columns} FROM instances WHERE uuid = @Uuid" + (readDeleted ? "" : " AND deleted = 0");
        var row = await database.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<InstanceRow>(
            new CommandDefinition(sql, new { Uuid = DbValues.Id(uuid) }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return row?.ToInstance();
    }

    public async Task<IReadOnlyList<Instance>> ListAsync(string? host = null, CancellationToken cancellationToken = default)
    {
        var sql = $"SELECT {InstanceRow.Columns} FROM instances WHERE deleted = 0"
            + (host is null ? "" : " AND host = @Host")
            + " ORDER BY created_at, uuid";
        var rows = await database.ReadAsync(connection => connection.QueryAsync<InstanceRow>(
            new CommandDefinition(sql, new { Host = host }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToInstance()).ToList();
    }

    public async Task SaveAsync(Instance instance, IReadOnlyCollection<TaskState?>? expectedTaskStates = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var parameters = new DynamicParameters(new
        {
            Uuid = DbValues.Id(instance.Uuid),
            VmState = instance.VmState.ToNovaName(),
            TaskState = instance.TaskState.ToNovaName(),
            PowerState = (int)instance.PowerState,
            instance.Host,
            instance.Node,
            LaunchedAt = DbValues.TimeOrNull(instance.LaunchedAt),
            TerminatedAt = DbValues.TimeOrNull(instance.TerminatedAt),
            UpdatedAt = DbValues.Time(now),
            DeletedAt = DbValues.TimeOrNull(instance.DeletedAt),
            Deleted = DbValues.Flag(instance.Deleted),
            ConfigDrive = instance.ConfigDrive ? "True" : "",
        });
        var expectation = expectedTaskStates is null ? null : TaskStateExpectation.From(expectedTaskStates);
        var predicate = "";
        if (expectation is not null)
        {
            predicate = " AND " + expectation.Predicate;
            parameters.Add("ExpectedTaskStates", expectation.Names);
        }
        await database.WriteAsync(async connection =>
        {
            Task<int> Update(string sql) => connection.ExecuteAsync(new CommandDefinition(sql + predicate, parameters, cancellationToken: cancellationToken));
            var changed = instance.Deleted ? 0 : await Update(UpdateStatesSql).ConfigureAwait(false);
            if (changed == 0)
            {
                // The host moved or the save marks the row deleted (or the expectation fails, and this
                // matches nothing either).
                changed = await Update(UpdateSql).ConfigureAwait(false);
            }
            if (changed == 0)
            {
                // Same connection, same critical section: the probe sees the state the UPDATE saw.
                throw await ExplainFailedSaveAsync(connection, instance.Uuid, expectation, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        instance.UpdatedAt = now;
    }

    public async Task<Instance> SetTaskStateAsync(Guid uuid, TaskState? taskState, IReadOnlyCollection<TaskState?> expectedTaskStates, CancellationToken cancellationToken = default)
    {
        var expectation = TaskStateExpectation.From(expectedTaskStates);
        var sql = "UPDATE instances SET task_state = @TaskState, updated_at = @Now WHERE uuid = @Uuid AND deleted = 0 AND " + expectation.Predicate;
        var parameters = new DynamicParameters(new { Uuid = DbValues.Id(uuid), TaskState = taskState.ToNovaName(), Now = DbValues.Time(_time.GetUtcNow()) });
        parameters.Add("ExpectedTaskStates", expectation.Names);
        await database.WriteAsync(async connection =>
        {
            var changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (changed == 0)
            {
                throw await ExplainFailedSaveAsync(connection, uuid, expectation, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return await GetAsync(uuid, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task DestroyAsync(Guid uuid, CancellationToken cancellationToken = default)
    {
        var parameters = new { Uuid = DbValues.Id(uuid), VmState = VmState.Deleted.ToNovaName(), Now = DbValues.Time(_time.GetUtcNow()) };
        var changed = await database.WriteAsync(connection => connection.ExecuteAsync(
            new CommandDefinition(DestroySql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new InstanceNotFoundException(uuid);
        }
    }

    private static async Task<Exception> ExplainFailedSaveAsync(DbConnection connection, Guid uuid, TaskStateExpectation? expectation, CancellationToken cancellationToken)
    {
        var current = await connection.QuerySingleOrDefaultAsync<SaveProbe>(new CommandDefinition(
            "SELECT deleted AS Deleted, task_state AS TaskState FROM instances WHERE uuid = @Uuid",
            new { Uuid = DbValues.Id(uuid) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (current is null || current.Deleted != 0 || expectation is null)
        {
            return new InstanceNotFoundException(uuid);
        }
        if (current.TaskState == TaskState.Deleting.ToNovaName())
        {
            return new UnexpectedDeletingTaskStateException(uuid, expectation.Display);
        }
        return new UnexpectedTaskStateException(uuid, expectation.Display, current.TaskState);
    }

    private sealed class SaveProbe
    {
        public int Deleted { get; set; }
        public string? TaskState { get; set; }
    }
}
