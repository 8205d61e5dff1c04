using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;

namespace Kumo.Messaging.Typed;

/// <summary>Sends typed requests: the record becomes the message's arguments, the reply the typed result.</summary>
public static class TypedBus
{
    public static Task CastAsync<TRequest>(this IMessageBus bus, string topic, RpcCast<TRequest> method, RequestContext context,
        TRequest request, CancellationToken cancellationToken = default)
        where TRequest : class =>
        bus.CastAsync(topic, new RpcMessage(method.Name, context, ToArgs(request)), cancellationToken);

    public static async Task<TResult> CallAsync<TRequest, TResult>(this IMessageBus bus, string topic, RpcCall<TRequest, TResult> method,
        RequestContext context, TRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TRequest : class
    {
        var reply = await bus.CallAsync(topic, new RpcMessage(method.Name, context, ToArgs(request)), timeout, cancellationToken);
        return reply.Deserialize<TResult>(RpcJson.Options)
            ?? throw new KumoException($"{method.Name} on topic {topic} replied with nothing.");
    }

    /// <summary>A call whose method may answer null ("no such thing"), e.g. get_network_info for a deleted network.</summary>
    public static async Task<TResult?> CallNullableAsync<TRequest, TResult>(this IMessageBus bus, string topic, RpcCall<TRequest, TResult?> method,
        RequestContext context, TRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TRequest : class
        where TResult : class
    {
        var reply = await bus.CallAsync(topic, new RpcMessage(method.Name, context, ToArgs(request)), timeout, cancellationToken);
        return reply?.Deserialize<TResult>(RpcJson.Options);
    }

    internal static JsonObject ToArgs<TRequest>(TRequest request) =>
        JsonSerializer.SerializeToNode(request, RpcJson.Options) as JsonObject
            ?? throw new ArgumentException($"An RPC request must serialise to a JSON object, not {typeof(TRequest).Name}.", nameof(request));
}
