using System.Text.Json.Nodes;
using Kumo.Compute.Manager;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;

namespace Kumo.Compute.Rpc;

/// <summary>The server side of topic compute.&lt;host&gt;: each method's request record handed to the manager.</summary>
public sealed class ComputeRpcEndpoint(ComputeManager manager) : IRpcEndpoint
{
    private readonly RpcDispatcher _dispatcher = new RpcDispatcher("compute")
        .On(ComputeMethods.BuildAndRunInstance, (context, r, ct) => manager.BuildAndRunInstanceAsync(context, r.InstanceUuid, r.Request, ct))
        .On(ComputeMethods.TerminateInstance, (context, r, ct) => manager.TerminateInstanceAsync(context, r.InstanceUuid, ct))
        .On(ComputeMethods.GetConsoleOutput, (_, r, ct) => manager.GetConsoleOutputAsync(r.InstanceUuid, r.Lines, ct))
        .On(ComputeMethods.StopInstance, (context, r, ct) => manager.StopInstanceAsync(context, r.InstanceUuid, r.Request, ct))
        .On(ComputeMethods.StartInstance, (context, r, ct) => manager.StartInstanceAsync(context, r.InstanceUuid, r.Request, ct))
        .On(ComputeMethods.RebootInstance, (context, r, ct) => manager.RebootInstanceAsync(context, r.InstanceUuid, r.Request, ct))
        .On(ComputeMethods.ExternalInstanceEvent, (context, r, ct) => manager.ExternalInstanceEventAsync(context, r.Events, ct));

    public Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken) =>
        _dispatcher.DispatchAsync(message, cancellationToken);
}
