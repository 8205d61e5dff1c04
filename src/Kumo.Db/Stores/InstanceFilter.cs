using Kumo.Objects.Instances;

namespace Kumo.Db.Stores;

/// <summary>
/// A servers listing as the store runs it (Nova's instance_get_all_by_filters_sort): every filter,
/// the sort (created_at, uuid, newest first, as Nova's default) and the page go into one query.
/// Null members do not filter.
/// </summary>
public sealed record InstanceFilter
{
    /// <summary>Only this project's servers; null for every project (admin with all_tenants).</summary>
    public string? ProjectId { get; init; }

    public string? Host { get; init; }

    public IReadOnlyCollection<VmState>? VmStates { get; init; }

    /// <summary>Allowed task states (null entries mean "no task").</summary>
    public IReadOnlyCollection<TaskState?>? TaskStates { get; init; }

    public Guid? ImageRef { get; init; }

    public string? FlavorId { get; init; }

    public string? ReservationId { get; init; }

    /// <summary>Changed at or after this time; deleted servers are included (Nova's changes-since).</summary>
    public DateTimeOffset? ChangesSince { get; init; }

    /// <summary>Include soft-deleted servers (implied by <see cref="ChangesSince"/>).</summary>
    public bool IncludeDeleted { get; init; }

    /// <summary>A regular expression the display name must match somewhere (Nova's name filter).</summary>
    public string? NameRegex { get; init; }

    /// <summary>Start after this server (it must exist, else <see cref="MarkerNotFoundException"/>).</summary>
    public Guid? Marker { get; init; }

    public int? Limit { get; init; }
}

public sealed class MarkerNotFoundException(Guid marker) : Kumo.Objects.Errors.KumoException($"marker [{marker}] not found")
{
    public override int Code => 400;
}
