using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Objects.Context;

namespace Kumo.Compute.Rpc;

// The server actions: casts, as Nova's rpcapi (the API answers 202 and the client polls).
public sealed partial class ComputeRpcApi
{
    public Task StopInstanceAsync(RequestContext context, string host, Guid instanceUuid, StopInstanceRequest request, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), ComputeMethods.StopInstance, context, new StopInstanceArgs(instanceUuid, request), cancellationToken);

    public Task StartInstanceAsync(RequestContext context, string host, Guid instanceUuid, StartInstanceRequest request, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), ComputeMethods.StartInstance, context, new StartInstanceArgs(instanceUuid, request), cancellationToken);

    public Task RebootInstanceAsync(RequestContext context, string host, Guid instanceUuid, RebootInstanceRequest request, CancellationToken cancellationToken = default) =>
        bus.CastAsync(Topics.Compute(host), ComputeMethods.RebootInstance, context, new RebootInstanceArgs(instanceUuid, request), cancellationToken);
}
