using Kumo.Db.Database;
using Kumo.Objects.Actions;

namespace Kumo.Db.Stores;

internal sealed class InstanceActionRow
{
    public const string Columns = """
        a.id AS Id, a.instance_uuid AS InstanceUuid, a.action AS Action, a.request_id AS RequestId,
        a.user_id AS UserId, a.project_id AS ProjectId, a.start_time AS StartTime,
        a.finish_time AS FinishTime, a.message AS Message
        """;

    public long Id { get; set; }
    public string InstanceUuid { get; set; } = "";
    public string Action { get; set; } = "";
    public string RequestId { get; set; } = "";
    public string? UserId { get; set; }
    public string? ProjectId { get; set; }
    public string StartTime { get; set; } = "";
    public string? FinishTime { get; set; }
    public string? Message { get; set; }

    public InstanceAction ToAction(IReadOnlyList<InstanceActionEvent> events) => new()
    {
        Id = Id,
        InstanceUuid = Guid.Parse(InstanceUuid),
        Action = Action,
        RequestId = RequestId,
        UserId = UserId,
        ProjectId = ProjectId,
        StartTime = DbValues.ParseTime(StartTime),
        FinishTime = DbValues.ParseTimeOrNull(FinishTime),
        Message = Message,
        Events = events,
    };
}

internal sealed class InstanceActionEventRow
{
    public const string Columns = """
        e.id AS Id, e.action_id AS ActionId, e.event AS Event, e.start_time AS StartTime,
        e.finish_time AS FinishTime, e.result AS Result, e.traceback AS Traceback,
        e.details AS Details, e.host AS Host
        """;

    public long Id { get; set; }
    public long ActionId { get; set; }
    public string Event { get; set; } = "";
    public string StartTime { get; set; } = "";
    public string? FinishTime { get; set; }
    public string? Result { get; set; }
    public string? Traceback { get; set; }
    public string? Details { get; set; }
    public string? Host { get; set; }

    public InstanceActionEvent ToEvent() => new()
    {
        Id = Id,
        Event = Event,
        StartTime = DbValues.ParseTime(StartTime),
        FinishTime = DbValues.ParseTimeOrNull(FinishTime),
        Result = Result,
        Traceback = Traceback,
        Details = Details,
        Host = Host,
    };
}
