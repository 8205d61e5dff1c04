using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Objects.Context;

namespace Kumo.Compute.Rpc;

/// <summary>The client of topic conductor (Nova's conductor/rpcapi.py ComputeTaskAPI), used by the compute API.</summary>
public sealed class ConductorRpcApi(IMessageBus bus)
{
    public Task ScheduleAndBuildInstancesAsync(RequestContext context, ScheduleAndBuildInstancesRequest request, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Conductor, ConductorMethods.ScheduleAndBuildInstances, context, request, cancellationToken);

    public Task RescheduleInstanceAsync(RequestContext context, RescheduleInstanceRequest request, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Conductor, ConductorMethods.RescheduleInstance, context, request, cancellationToken);
}
