using Kumo.Objects.Events;
using Microsoft.Extensions.Logging;

namespace Kumo.Network.Notifiers;

/// <summary>
/// The network server's <see cref="INovaNotifier"/>: hands each batch to the compute side's sink once
/// the deployment has attached one (<see cref="AttachSink"/>: the compute API's
/// os-server-external-events entry), and until then logs the events and drops them. A failing sink
/// is logged, never failing the agent's report: Nova's wait for the event has its own deadline.
/// </summary>
public sealed partial class NovaNotifier(ILogger<NovaNotifier> logger) : INovaNotifier
{
    private volatile INovaNotifier? _sink;

    /// <summary>The seam for the compute side: where network-vif-plugged/-unplugged events go from now on.</summary>
    public void AttachSink(INovaNotifier sink) => _sink = sink;

    public async Task SendEventsAsync(IReadOnlyList<ExternalInstanceEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }
        var sink = _sink;
        foreach (var e in events)
        {
            LogEvent(e.Name, e.ServerUuid, e.Tag, sink is not null);
        }
        if (sink is null)
        {
            return;
        }
        try
        {
            await sink.SendEventsAsync(events, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSendFailed(ex, events.Count);
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Nova event {Name} for server {ServerUuid} (tag {Tag}); delivered: {Delivered}")]
    private partial void LogEvent(string name, Guid serverUuid, string? tag, bool delivered);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Could not send {Count} events to compute")]
    private partial void LogSendFailed(Exception ex, int count);
}
