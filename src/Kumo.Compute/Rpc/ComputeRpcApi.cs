using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Objects.Context;
using Kumo.Objects.Events;

namespace Kumo.Compute.Rpc;

/// <summary>
/// The client side of the compute RPC interface (Nova's compute/rpcapi.py): every request to a compute
/// host is a message to topic compute.&lt;host&gt;, never a direct method call.
/// </summary>
public sealed partial class ComputeRpcApi(IMessageBus bus)
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public Task BuildAndRunInstanceAsync(RequestContext context, string host, Guid instanceUuid, BuildRequest request, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), ComputeMethods.BuildAndRunInstance, context, new BuildAndRunInstanceRequest(instanceUuid, request), cancellationToken);

    public Task TerminateInstanceAsync(RequestContext context, string host, Guid instanceUuid, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), ComputeMethods.TerminateInstance, context, new TerminateInstanceRequest(instanceUuid), cancellationToken);

    public Task ExternalInstanceEventAsync(RequestContext context, string host, IReadOnlyList<ExternalInstanceEvent> events, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), ComputeMethods.ExternalInstanceEvent, context, new ExternalInstanceEventRequest(events), cancellationToken);

    public Task<string> GetConsoleOutputAsync(RequestContext context, string host, Guid instanceUuid, int? lines, CancellationToken cancellationToken = default) =>
        bus.CallAsync(Topics.Compute(host), ComputeMethods.GetConsoleOutput, context, new GetConsoleOutputRequest(instanceUuid, lines), CallTimeout, cancellationToken);
}
