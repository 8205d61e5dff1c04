using Kumo.Objects.Scheduling;
using Kumo.Objects.Services;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Filters;

/// <summary>Nova's ComputeFilter: the host's nova-compute is enabled and up (heartbeat within service_down_time, not forced down).</summary>
public sealed class ComputeFilter(TimeProvider time, ServiceGroupOptions serviceGroup) : IHostFilter
{
    public string Name => "ComputeFilter";

    public string? Reject(HostState host, RequestSpec spec)
    {
        if (host.Service is not { } service)
        {
            return $"no {ServiceBinaries.Compute} service has registered for host {host.Host}";
        }
        if (service.Disabled)
        {
            return $"{ServiceBinaries.Compute} is disabled" + (service.DisabledReason is { Length: > 0 } reason ? $" ({reason})" : "");
        }
        if (service.ForcedDown)
        {
            return $"{ServiceBinaries.Compute} is forced down";
        }
        var silence = time.GetUtcNow() - service.UpdatedAt;
        return service.IsUp(time.GetUtcNow(), serviceGroup.ServiceDownTime)
            ? null
            : $"{ServiceBinaries.Compute} is down: last heartbeat {silence.TotalSeconds:0} s ago (service_down_time {serviceGroup.ServiceDownTime.TotalSeconds:0} s)";
    }
}
