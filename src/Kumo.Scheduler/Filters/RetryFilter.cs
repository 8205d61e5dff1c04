using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Filters;

/// <summary>Nova's RetryFilter: a reschedule never goes back to a host the build already failed on.</summary>
public sealed class RetryFilter : IHostFilter
{
    public string Name => "RetryFilter";

    public string? Reject(HostState host, RequestSpec spec) =>
        spec.IgnoreHosts.Contains(host.Host, StringComparer.Ordinal) ? "a previous attempt to build this instance failed on this host" : null;
}
