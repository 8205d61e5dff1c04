using System.Data.Common;
using Dapper;
using Kumo.Db.Database;
using Kumo.Objects.Actions;

namespace Kumo.Db.Stores;

/// <summary>
/// os-instance-actions. An action is keyed by (instance, request id); starting it again for the same
/// request returns the existing action, so a retried request does not fail on the unique key.
/// Actions and their events are listed newest first, as Nova's action_get_by_instance and
/// action_events_get order them.
/// </summary>
public sealed class SqlInstanceActionStore(KumoDatabase database, TimeProvider? timeProvider = null) : IInstanceActionStore
{
    private const string StartActionSql = """
        INSERT INTO instance_actions (instance_uuid, action, request_id, user_id, project_id, start_time)
        VALUES (@InstanceUuid, @Action, @RequestId, @UserId, @ProjectId, @Now)
        ON CONFLICT (instance_uuid, request_id) DO NOTHING
        RETURNING id
        """;

    private const string StartEventSql = """
        INSERT INTO instance_actions_events (action_id, event, start_time, host)
        SELECT id, @Event, @Now, @Host FROM instance_actions WHERE instance_uuid = @InstanceUuid AND request_id = @RequestId
        RETURNING id
        """;

    // When an event name repeats (a retried step), finish the newest unfinished one.
    private const string FinishEventSql = """
        UPDATE instance_actions_events SET finish_time = @Now, result = @Result, traceback = @Traceback, details = @Details
        WHERE id = (
            SELECT e.id FROM instance_actions_events e JOIN instance_actions a ON a.id = e.action_id
            WHERE a.instance_uuid = @InstanceUuid AND a.request_id = @RequestId AND e.event = @Event
            ORDER BY CASE WHEN e.finish_time IS NULL THEN 0 ELSE 1 END, e.id DESC
            LIMIT 1)
        """;

    private const string RecordStepSql = """
        INSERT INTO instance_actions_events (action_id, event, start_time, finish_time, result, host)
        SELECT id, @Event, @StartTime, @FinishTime, @Result, @Host FROM instance_actions WHERE instance_uuid = @InstanceUuid AND request_id = @RequestId
        """;

    private const string ActionWhere = "instance_uuid = @InstanceUuid AND request_id = @RequestId";

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<InstanceAction> StartActionAsync(Guid instanceUuid, string action, string requestId, string? userId, string? projectId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var parameters = new { InstanceUuid = DbValues.Id(instanceUuid), Action = action, RequestId = requestId, UserId = userId, ProjectId = projectId, Now = DbValues.Time(now) };
        var id = await database.WriteAsync(connection => connection.ExecuteScalarAsync<long?>(
            new CommandDefinition(StartActionSql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        if (id is { } actionId)
        {
            return new InstanceAction { Id = actionId, InstanceUuid = instanceUuid, Action = action, RequestId = requestId, UserId = userId, ProjectId = projectId, StartTime = now };
        }
        // ON CONFLICT DO NOTHING returned no row: this request already started an action.
        return await GetAsync(instanceUuid, requestId, cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceActionNotFoundException(instanceUuid, requestId);
    }

    public async Task<InstanceActionEvent> StartEventAsync(Guid instanceUuid, string requestId, string eventName, string? host, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var parameters = new { InstanceUuid = DbValues.Id(instanceUuid), RequestId = requestId, Event = eventName, Host = host, Now = DbValues.Time(now) };
        var id = await database.WriteAsync(connection => connection.ExecuteScalarAsync<long?>(
            new CommandDefinition(StartEventSql, parameters, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return id is { } eventId
            ? new InstanceActionEvent { Id = eventId, Event = eventName, StartTime = now, Host = host }
            : throw new InstanceActionNotFoundException(instanceUuid, requestId);
    }

    public Task FinishEventAsync(Guid instanceUuid, string requestId, string eventName, string result, string? traceback, string? details, CancellationToken cancellationToken = default) =>
        FinishEventAsync(instanceUuid, requestId, eventName, result, traceback, details, [], cancellationToken);

    public Task FinishEventAsync(Guid instanceUuid, string requestId, string eventName, string result, string? traceback, string? details,
        IReadOnlyList<InstanceActionEvent> steps, CancellationToken cancellationToken = default)
    {
        var parameters = new { InstanceUuid = DbValues.Id(instanceUuid), RequestId = requestId, Event = eventName, Result = result, Traceback = traceback, Details = details, Now = DbValues.Time(_time.GetUtcNow()) };
        // Nova compares case-insensitively (result.lower() == 'error') and stores "Error". Only the
        // event's own result marks the action: a step may fail without failing it (a vif-plugged wait
        // that timed out with vif_plugging_is_fatal off).
        var failed = IsError(result);
        return database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var changed = await connection.ExecuteAsync(new CommandDefinition(FinishEventSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (changed == 0)
            {
                throw await ExplainMissingEventAsync(connection, transaction, instanceUuid, requestId, eventName, cancellationToken).ConfigureAwait(false);
            }
            if (steps.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(RecordStepSql, steps.Select(e => new
                {
                    parameters.InstanceUuid, parameters.RequestId, e.Event, StartTime = DbValues.Time(e.StartTime),
                    FinishTime = DbValues.TimeOrNull(e.FinishTime), e.Result, e.Host,
                }), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            if (failed)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE instance_actions SET message = @Message WHERE {ActionWhere}",
                    new { parameters.InstanceUuid, parameters.RequestId, Message = ActionNames.ResultError },
                    transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static bool IsError(string? result) => string.Equals(result, ActionNames.ResultError, StringComparison.OrdinalIgnoreCase);

    public async Task FinishActionAsync(Guid instanceUuid, string requestId, CancellationToken cancellationToken = default)
    {
        var parameters = new { InstanceUuid = DbValues.Id(instanceUuid), RequestId = requestId, Now = DbValues.Time(_time.GetUtcNow()) };
        var changed = await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE instance_actions SET finish_time = @Now WHERE {ActionWhere}", parameters, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new InstanceActionNotFoundException(instanceUuid, requestId);
        }
    }

    public Task<IReadOnlyList<InstanceAction>> ListAsync(Guid instanceUuid, CancellationToken cancellationToken = default) =>
        QueryAsync(instanceUuid, requestId: null, cancellationToken);

    public async Task<InstanceAction?> GetAsync(Guid instanceUuid, string requestId, CancellationToken cancellationToken = default) =>
        (await QueryAsync(instanceUuid, requestId, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    private Task<IReadOnlyList<InstanceAction>> QueryAsync(Guid instanceUuid, string? requestId, CancellationToken cancellationToken)
    {
        var filter = requestId is null ? "a.instance_uuid = @InstanceUuid" : "a.instance_uuid = @InstanceUuid AND a.request_id = @RequestId";
        var parameters = new { InstanceUuid = DbValues.Id(instanceUuid), RequestId = requestId };
        return database.ReadAsync<IReadOnlyList<InstanceAction>>(async connection =>
        {
            var actions = await connection.QueryAsync<InstanceActionRow>(new CommandDefinition(
                $"SELECT {InstanceActionRow.Columns} FROM instance_actions a WHERE {filter} ORDER BY a.start_time DESC, a.id DESC",
                parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var events = (await connection.QueryAsync<InstanceActionEventRow>(new CommandDefinition(
                $"SELECT {InstanceActionEventRow.Columns} FROM instance_actions_events e JOIN instance_actions a ON a.id = e.action_id WHERE {filter} ORDER BY e.start_time DESC, e.id DESC",
                parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToLookup(e => e.ActionId);
            return actions.Select(a => a.ToAction(events[a.Id].Select(e => e.ToEvent()).ToList())).ToList();
        }, cancellationToken);
    }

    private static async Task<Exception> ExplainMissingEventAsync(DbConnection connection, DbTransaction transaction, Guid instanceUuid, string requestId, string eventName, CancellationToken cancellationToken)
    {
        var actions = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM instance_actions WHERE {ActionWhere}",
            new { InstanceUuid = DbValues.Id(instanceUuid), RequestId = requestId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return actions == 0
            ? new InstanceActionNotFoundException(instanceUuid, requestId)
            : new InstanceActionEventNotFoundException(instanceUuid, requestId, eventName);
    }
}
