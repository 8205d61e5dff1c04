using System.Text.Json.Nodes;

namespace Kumo.Messaging.Rpc;

/// <summary>
/// Topic-addressed RPC, as oslo.messaging: <c>cast</c> is fire-and-forget, <c>call</c> waits for the
/// reply with a timeout. Services never call each other's methods directly; they address topics such
/// as <c>compute.&lt;host&gt;</c>.
/// </summary>
public interface IMessageBus
{
    Task CastAsync(string topic, RpcMessage message, CancellationToken cancellationToken = default);

    Task<JsonNode?> CallAsync(string topic, RpcMessage message, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Starts consuming a topic. Disposing stops consuming; messages in flight finish.</summary>
    IAsyncDisposable Serve(string topic, IRpcEndpoint endpoint);
}

public static class Topics
{
    public static string Compute(string host) => $"compute.{host}";

    public const string Conductor = "conductor";

    public const string Scheduler = "scheduler";
}
