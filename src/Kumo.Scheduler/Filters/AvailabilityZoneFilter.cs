using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Filters;

/// <summary>Nova's AvailabilityZoneFilter: a server asked for a zone goes only to hosts in that zone.</summary>
public sealed class AvailabilityZoneFilter : IHostFilter
{
    public string Name => "AvailabilityZoneFilter";

    public string? Reject(HostState host, RequestSpec spec)
    {
        if (spec.AvailabilityZone is not { Length: > 0 } wanted)
        {
            return null;
        }
        var zone = host.Service?.AvailabilityZone;
        return string.Equals(zone, wanted, StringComparison.Ordinal) ? null : $"in zone {zone ?? "(none)"}, {wanted} requested";
    }
}
