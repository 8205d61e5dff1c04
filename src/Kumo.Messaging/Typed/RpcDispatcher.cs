using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;

namespace Kumo.Messaging.Typed;

/// <summary>
/// The server side of a topic built from the same method declarations the client uses: each
/// <see cref="On{TRequest}"/> binds a method to its handler, and a message is unpacked into that
/// method's request record (unknown members refused, so a client that drifted fails loudly).
/// </summary>
public sealed class RpcDispatcher(string service) : IRpcEndpoint
{
    private static readonly JsonSerializerOptions StrictOptions = new(RpcJson.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<string, Func<RpcMessage, CancellationToken, Task<JsonNode?>>> _handlers = [];

    public RpcDispatcher On<TRequest>(RpcCast<TRequest> method, Func<RequestContext, TRequest, CancellationToken, Task> handler)
        where TRequest : class
    {
        _handlers.Add(method.Name, async (message, ct) =>
        {
            await handler(message.Context, Unpack<TRequest>(message), ct);
            return null;
        });
        return this;
    }

    public RpcDispatcher On<TRequest, TResult>(RpcCall<TRequest, TResult> method, Func<RequestContext, TRequest, CancellationToken, Task<TResult>> handler)
        where TRequest : class
    {
        _handlers.Add(method.Name, async (message, ct) =>
            JsonSerializer.SerializeToNode(await handler(message.Context, Unpack<TRequest>(message), ct), RpcJson.Options));
        return this;
    }

    public Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken) =>
        _handlers.TryGetValue(message.Method, out var handler)
            ? handler(message, cancellationToken)
            : throw new InvalidRequestException($"The {service} service has no method '{message.Method}'.");

    private TRequest Unpack<TRequest>(RpcMessage message)
    {
        try
        {
            return message.Args.Deserialize<TRequest>(StrictOptions)
                ?? throw new InvalidRequestException($"{service}.{message.Method} came without arguments.");
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"{service}.{message.Method} has arguments that do not match {typeof(TRequest).Name}: {ex.Message}");
        }
    }
}
