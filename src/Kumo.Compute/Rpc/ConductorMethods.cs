using Kumo.Messaging.Typed;
using Kumo.Objects.Network;
using Kumo.Objects.Scheduling;

namespace Kumo.Compute.Rpc;

/// <summary>
/// The conductor's RPC methods (topic conductor). The contract lives here, beside the compute API
/// that casts to it, because the conductor itself builds on the compute RPC API (Kumo.Conductor
/// references Kumo.Compute, not the other way round).
/// </summary>
public static class ConductorMethods
{
    public static readonly RpcCast<ScheduleAndBuildInstancesRequest> ScheduleAndBuildInstances = new("schedule_and_build_instances");

    /// <summary>A build that failed on its host for a retriable reason, back for another host (Nova's build_instances from a reschedule).</summary>
    public static readonly RpcCast<RescheduleInstanceRequest> RescheduleInstance = new("build_instances");
}

/// <summary>One instance to place again: its build request with the spec it was scheduled with and every failed attempt so far.</summary>
public sealed record RescheduleInstanceRequest(Guid InstanceUuid, BuildRequest Build);

/// <summary>
/// Build these recorded instances (building/scheduling, no host yet), all of one request spec
/// (Nova's schedule_and_build_instances: build requests, request spec, networks, admin password).
/// </summary>
public sealed record ScheduleAndBuildInstancesRequest(
    IReadOnlyList<Guid> InstanceUuids,
    RequestSpec Spec,
    IReadOnlyList<RequestedNetwork> RequestedNetworks,
    string? AdminPassword = null)
{
    /// <summary>Personality files for the config drive (Nova passes injected_files the same way).</summary>
    public IReadOnlyList<Kumo.Objects.Instances.InjectedFile> InjectedFiles { get; init; } = [];
}
