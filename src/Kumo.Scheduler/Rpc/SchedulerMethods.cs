using Kumo.Messaging.Typed;
using Kumo.Objects.Scheduling;

namespace Kumo.Scheduler.Rpc;

/// <summary>The scheduler's RPC methods (topic scheduler).</summary>
public static class SchedulerMethods
{
    public static readonly RpcCall<SelectDestinationsRequest, SelectDestinationsResult> SelectDestinations = new("select_destinations");
}

/// <summary>Place these instances, all with the same spec (Nova's select_destinations: one request spec, n instance uuids).</summary>
public sealed record SelectDestinationsRequest(RequestSpec Spec, IReadOnlyList<Guid> InstanceUuids);

/// <summary>
/// One selection per instance, in request order, each already holding its allocation. Nova also
/// returns alternates per instance for rescheduling (max_attempts); that is a later step: a
/// reschedule would add them here and the conductor would retry on them.
/// </summary>
public sealed record SelectDestinationsResult(IReadOnlyList<Selection> Selections);

/// <summary>Where one instance goes, with the limits the compute host's claim enforces.</summary>
public sealed record Selection(Guid InstanceUuid, string Host, string Node, Guid ResourceProviderUuid, ResourceLimits Limits);
