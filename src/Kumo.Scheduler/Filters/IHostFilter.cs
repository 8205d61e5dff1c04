using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Filters;

/// <summary>A filter (Nova's BaseHostFilter) that says why it removes a host, so no valid host can name it.</summary>
public interface IHostFilter
{
    /// <summary>Nova's class name (ComputeFilter ...), as the fault names it.</summary>
    string Name { get; }

    /// <summary>Null when the host passes; otherwise why not, with the amounts.</summary>
    string? Reject(HostState host, RequestSpec spec);
}

/// <summary>One host removed by one filter, and why.</summary>
public sealed record HostRejection(string Host, string Filter, string Reason)
{
    public override string ToString() => $"{Host} ({Filter}): {Reason}";
}
