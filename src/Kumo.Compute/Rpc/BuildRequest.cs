using Kumo.Objects.Network;
using Kumo.Objects.Scheduling;

namespace Kumo.Compute.Rpc;

/// <summary>What build_and_run_instance carries besides the instance itself (which the compute host reads from the store).</summary>
public sealed record BuildRequest(
    IReadOnlyList<RequestedNetwork> RequestedNetworks,
    ResourceLimits? Limits = null,
    string? AdminPassword = null)
{
    /// <summary>Personality files, handed to the driver for the config drive; never stored.</summary>
    public IReadOnlyList<Kumo.Objects.Instances.InjectedFile> InjectedFiles { get; init; } = [];

    /// <summary>The request spec the instance was scheduled with (Nova passes request_spec): what a reschedule sends back to the conductor. None: no reschedule.</summary>
    public RequestSpec? Spec { get; init; }

    /// <summary>The hosts this build already failed on, oldest first (Nova's filter_properties retry).</summary>
    public IReadOnlyList<BuildAttempt> Attempts { get; init; } = [];
}
