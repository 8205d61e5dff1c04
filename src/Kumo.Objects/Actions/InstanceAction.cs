namespace Kumo.Objects.Actions;

/// <summary>One user request on an instance (create, delete, stop ...), as in os-instance-actions.</summary>
public sealed record InstanceAction
{
    public long Id { get; init; }
    public required Guid InstanceUuid { get; init; }
    public required string Action { get; init; }
    public required string RequestId { get; init; }
    public string? UserId { get; init; }
    public string? ProjectId { get; init; }
    public DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    /// <summary>Null while fine; "Error" once any event of the action failed (Nova's convention).</summary>
    public string? Message { get; init; }
    public IReadOnlyList<InstanceActionEvent> Events { get; init; } = [];
}

/// <summary>One step of an action, recorded by the compute service (Nova's wrap_instance_event).</summary>
public sealed record InstanceActionEvent
{
    public long Id { get; init; }
    public required string Event { get; init; }
    public DateTimeOffset StartTime { get; init; }
    public DateTimeOffset? FinishTime { get; init; }
    /// <summary>"Success" or "Error"; null while running.</summary>
    public string? Result { get; init; }
    public string? Traceback { get; init; }
    public string? Details { get; init; }
    public string? Host { get; init; }
}

public static class ActionNames
{
    public const string Create = "create";
    public const string Delete = "delete";
    public const string Stop = "stop";
    public const string Start = "start";
    public const string Reboot = "reboot";

    public const string ResultSuccess = "Success";
    public const string ResultError = "Error";
}
