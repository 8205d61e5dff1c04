using System.Text.Json.Nodes;
using Kumo.Compute.Rpc;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;

namespace Kumo.Conductor;

/// <summary>The server side of topic conductor.</summary>
public sealed class ConductorEndpoint(ConductorManager manager) : IRpcEndpoint
{
    private readonly RpcDispatcher _dispatcher = new RpcDispatcher("conductor")
        .On(ConductorMethods.ScheduleAndBuildInstances, manager.ScheduleAndBuildInstancesAsync)
        .On(ConductorMethods.RescheduleInstance, manager.RescheduleInstanceAsync);

    public Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken) =>
        _dispatcher.DispatchAsync(message, cancellationToken);
}
