using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kumo.Common.Threading;
using Kumo.Messaging.Rpc;
using Kumo.Objects.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Messaging.InProcess;

/// <summary>
/// The all-in-one bus: one unbounded channel per topic, messages serialised to JSON and back so the
/// contract is the one a network bus has. Each delivered message is dispatched on the thread pool;
/// the endpoint bounds its own concurrency (max_concurrent_builds).
/// </summary>
public sealed partial class InProcessBus(ILogger<InProcessBus>? logger = null) : IMessageBus
{
    private readonly ConcurrentDictionary<string, Channel<Delivery>> _topics = new();
    private readonly ILogger _logger = logger ?? NullLogger<InProcessBus>.Instance;

    public async Task CastAsync(string topic, RpcMessage message, CancellationToken cancellationToken = default)
    {
        using var activity = RpcTelemetry.StartSend(topic, message);
        var delivery = new Delivery(Serialize(RpcTelemetry.Stamp(message)), Reply: null);
        await TopicFor(topic).Writer.WriteAsync(delivery, cancellationToken);
    }

    public async Task<JsonNode?> CallAsync(string topic, RpcMessage message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var activity = RpcTelemetry.StartSend(topic, message);
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await TopicFor(topic).Writer.WriteAsync(new Delivery(Serialize(RpcTelemetry.Stamp(message)), reply), cancellationToken);
        byte[] body;
        try
        {
            body = await reply.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new MessagingTimeoutException(topic, message.Method, timeout);
        }
        return ReplyEnvelope.Unwrap(body);
    }

    public IAsyncDisposable Serve(string topic, IRpcEndpoint endpoint)
    {
        var channel = TopicFor(topic);
        var stop = new CancellationTokenSource();
        var inFlight = new TaskTracker();
        var loop = Task.Run(() => ConsumeAsync(topic, channel.Reader, endpoint, inFlight, stop.Token));
        return new Consumer(stop, loop, inFlight);
    }

    private Channel<Delivery> TopicFor(string topic) =>
        _topics.GetOrAdd(topic, _ => Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true }));

    private async Task ConsumeAsync(string topic, ChannelReader<Delivery> reader, IRpcEndpoint endpoint, TaskTracker inFlight, CancellationToken stop)
    {
        try
        {
            await foreach (var delivery in reader.ReadAllAsync(stop))
            {
                inFlight.Track(Task.Run(() => DeliverAsync(topic, delivery, endpoint), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        // An in-process queue dies with the process: whatever was already sent is handled before the
        // consumer stops (a `kumo server create` that exits right after its cast still builds).
        while (reader.TryRead(out var queued))
        {
            inFlight.Track(Task.Run(() => DeliverAsync(topic, queued, endpoint), CancellationToken.None));
        }
    }

    private async Task DeliverAsync(string topic, Delivery delivery, IRpcEndpoint endpoint)
    {
        var message = Deserialize(delivery.Body);
        using var activity = RpcTelemetry.StartProcess(topic, message);
        try
        {
            var result = await endpoint.DispatchAsync(message, CancellationToken.None);
            delivery.Reply?.TrySetResult(ReplyEnvelope.Success(result));
        }
        catch (Exception ex)
        {
            if (delivery.Reply is null)
            {
                // A cast has nobody to tell; the endpoint already recorded faults and events.
                LogCastFailed(topic, message.Method, message.Context.RequestId, ex);
            }
            delivery.Reply?.TrySetResult(ReplyEnvelope.Failure(ex));
        }
    }

    private static byte[] Serialize(RpcMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, RpcJson.Options);

    private static RpcMessage Deserialize(byte[] body) =>
        JsonSerializer.Deserialize<RpcMessage>(body, RpcJson.Options) ?? throw new KumoException("Empty RPC message.");

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Cast {Method} on {Topic} failed (request {RequestId})")]
    private partial void LogCastFailed(string topic, string method, string requestId, Exception ex);

    private sealed record Delivery(byte[] Body, TaskCompletionSource<byte[]>? Reply);

    private sealed class Consumer(CancellationTokenSource stop, Task loop, TaskTracker inFlight) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            await inFlight.WhenAll();
            stop.Dispose();
        }
    }
}
