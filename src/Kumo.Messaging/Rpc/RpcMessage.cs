using System.Text.Json.Nodes;
using Kumo.Objects.Context;

namespace Kumo.Messaging.Rpc;

/// <summary>
/// An RPC request as oslo.messaging carries it: the method name, the caller's context and the
/// arguments as JSON. Every bus (in-process or RabbitMQ) moves the serialised form, so a message that
/// works in-process also works across hosts. <see cref="TraceParent"/> carries the W3C trace context,
/// so a build's trace runs from the API through the bus into the compute host.
/// </summary>
public sealed record RpcMessage(string Method, RequestContext Context, JsonObject Args)
{
    public string? TraceParent { get; init; }
}

/// <summary>A server side for one topic: dispatches a method to its handler and returns its result (or null).</summary>
public interface IRpcEndpoint
{
    Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken);
}

/// <summary>A call's remote side failed; carries the remote exception's type and message.</summary>
public sealed class RemoteErrorException(string exceptionType, string remoteMessage, int code)
    : Kumo.Objects.Errors.KumoException($"Remote error {exceptionType}: {remoteMessage}")
{
    public string ExceptionType { get; } = exceptionType;
    public string RemoteMessage { get; } = remoteMessage;
    public override int Code { get; } = code;
}

/// <summary>Nobody answered a call in time (oslo's MessagingTimeout).</summary>
public sealed class MessagingTimeoutException(string topic, string method, TimeSpan timeout)
    : Kumo.Objects.Errors.KumoException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for a reply to {method} on topic {topic}.")
{
    public override int Code => 504;
}
