using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Context;

namespace Kumo.Compute.Rpc;

// The server actions: casts, as Nova's rpcapi (the API answers 202 and the client polls).
public sealed partial class ComputeRpcApi
{
    public Task StopInstanceAsync(RequestContext context, string host, Guid instanceUuid, StopInstanceRequest request, CancellationToken cancellationToken = default) =>
        CastAsync(context, host, ComputeMethods.StopInstance, instanceUuid, request, cancellationToken);

    public Task StartInstanceAsync(RequestContext context, string host, Guid instanceUuid, StartInstanceRequest request, CancellationToken cancellationToken = default) =>
        CastAsync(context, host, ComputeMethods.StartInstance, instanceUuid, request, cancellationToken);

    public Task RebootInstanceAsync(RequestContext context, string host, Guid instanceUuid, RebootInstanceRequest request, CancellationToken cancellationToken = default) =>
        CastAsync(context, host, ComputeMethods.RebootInstance, instanceUuid, request, cancellationToken);

    private Task CastAsync<T>(RequestContext context, string host, string method, Guid instanceUuid, T request, CancellationToken cancellationToken) =>
        bus.CastAsync(Topics.Compute(host), new RpcMessage(method, context, new JsonObject
        {
            ["instance_uuid"] = instanceUuid.ToString(),
            ["request"] = JsonSerializer.SerializeToNode(request, RpcJson.Options),
        }), cancellationToken);
}
