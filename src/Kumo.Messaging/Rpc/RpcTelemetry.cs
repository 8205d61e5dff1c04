using System.Diagnostics;

namespace Kumo.Messaging.Rpc;

/// <summary>
/// Traces around RPC: a producer span where a message is sent and a consumer span, child of it across
/// the bus, where it is handled. Spans cost nothing unless something listens (OpenTelemetry, `kumo --trace`).
/// </summary>
public static class RpcTelemetry
{
    public static readonly ActivitySource Source = new("Kumo.Rpc");

    public static Activity? StartSend(string topic, RpcMessage message) =>
        Source.StartActivity($"{topic} {message.Method} send", ActivityKind.Producer)?
            .SetTag("messaging.destination.name", topic)
            .SetTag("rpc.method", message.Method)
            .SetTag("kumo.request_id", message.Context.RequestId);

    /// <summary>The message as sent: stamped with the current trace context.</summary>
    public static RpcMessage Stamp(RpcMessage message) =>
        Activity.Current is { } current ? message with { TraceParent = current.Id } : message;

    public static Activity? StartProcess(string topic, RpcMessage message)
    {
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        return Source.StartActivity($"{topic} {message.Method} process", ActivityKind.Consumer, parent)?
            .SetTag("messaging.destination.name", topic)
            .SetTag("rpc.method", message.Method)
            .SetTag("kumo.request_id", message.Context.RequestId);
    }
}
