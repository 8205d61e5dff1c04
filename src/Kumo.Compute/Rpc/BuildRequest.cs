using Kumo.Objects.Network;
using Kumo.Objects.Scheduling;

namespace Kumo.Compute.Rpc;

/// <summary>What build_and_run_instance carries besides the instance itself (which the compute host reads from the store).</summary>
public sealed record BuildRequest(
    IReadOnlyList<RequestedNetwork> RequestedNetworks,
    ResourceLimits? Limits = null,
    string? AdminPassword = null);
