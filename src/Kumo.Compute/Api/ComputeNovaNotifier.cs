using Kumo.Network.Notifiers;
using Kumo.Objects.Context;
using Kumo.Objects.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Compute.Api;

/// <summary>
/// The in-process Neutron → Nova notifier: the network service's events take the same path as
/// POST /os-server-external-events (<see cref="ComputeApi.ExternalInstanceEventAsync"/>), as the
/// network service's admin. Events for servers that are gone are dropped, as Neutron's notifier
/// drops Nova's 404s.
/// </summary>
public sealed partial class ComputeNovaNotifier(ComputeApi compute, ILogger<ComputeNovaNotifier>? logger = null) : INovaNotifier
{
    private readonly ILogger _logger = logger ?? NullLogger<ComputeNovaNotifier>.Instance;

    public async Task SendEventsAsync(IReadOnlyList<ExternalInstanceEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }
        var context = new RequestContext(RequestContext.NewRequestId(), "neutron", "service", IsAdmin: true) { Roles = ["admin", "service"] };
        foreach (var outcome in await compute.ExternalInstanceEventAsync(context, events, cancellationToken))
        {
            if (!outcome.IsAccepted)
            {
                LogDropped(outcome.Event.ServerUuid, outcome.Event.Key, outcome.Code);
            }
        }
    }

    [LoggerMessage(EventId = 1040, Level = LogLevel.Debug, Message = "Event {Event} for server {ServerUuid} not delivered ({Code}): the server is gone or has no host")]
    private partial void LogDropped(Guid serverUuid, string @event, int code);
}
