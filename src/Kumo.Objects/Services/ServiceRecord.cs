namespace Kumo.Objects.Services;

/// <summary>
/// One running service unit as Nova's services table keeps it: nova-compute per host,
/// nova-conductor, nova-scheduler. <see cref="UpdatedAt"/> is the last heartbeat.
/// </summary>
public sealed record ServiceRecord(
    long Id,
    string Host,
    string Binary,
    string Topic,
    string AvailabilityZone,
    bool Disabled,
    string? DisabledReason,
    bool ForcedDown,
    long ReportCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Nova's DB servicegroup driver: up when not forced down and heard from within service_down_time.</summary>
    public bool IsUp(DateTimeOffset now, TimeSpan serviceDownTime) =>
        !ForcedDown && now - UpdatedAt <= serviceDownTime;
}
