using Kumo.Objects.Context;
using Kumo.Objects.Events;
using Kumo.Objects.Instances;

namespace Kumo.Compute.Api;

// os-server-external-events (Nova's compute API external_instance_event): each event goes to the
// compute host of its server, one cast per host.
public sealed partial class ComputeApi
{
    /// <summary>
    /// Routes the events: an unknown (or deleted) server is 404 for its event, a server with no host
    /// yet 422, the rest are cast to their hosts (200). Nothing is cast when no event is accepted.
    /// </summary>
    public async Task<IReadOnlyList<ExternalEventOutcome>> ExternalInstanceEventAsync(RequestContext context, IReadOnlyList<ExternalInstanceEvent> events,
        CancellationToken cancellationToken = default)
    {
        var servers = new Dictionary<Guid, Instance?>();
        foreach (var uuid in events.Select(e => e.ServerUuid).Distinct())
        {
            servers[uuid] = await instances.TryGetAsync(uuid, cancellationToken: cancellationToken);
        }
        var outcomes = new List<ExternalEventOutcome>(events.Count);
        var byHost = new Dictionary<string, List<ExternalInstanceEvent>>();
        foreach (var e in events)
        {
            if (servers[e.ServerUuid] is not { } instance)
            {
                outcomes.Add(new ExternalEventOutcome(e, ExternalEventOutcome.NotFound));
            }
            else if (instance.Host is not { } host)
            {
                outcomes.Add(new ExternalEventOutcome(e, ExternalEventOutcome.NoHost));
            }
            else
            {
                if (!byHost.TryGetValue(host, out var forHost))
                {
                    byHost[host] = forHost = [];
                }
                forHost.Add(e);
                outcomes.Add(new ExternalEventOutcome(e, ExternalEventOutcome.Accepted));
            }
        }
        foreach (var (host, forHost) in byHost)
        {
            await computeRpc.ExternalInstanceEventAsync(context, host, forHost, cancellationToken);
        }
        return outcomes;
    }
}

/// <summary>What happened to one event: Nova's per-event code (200 accepted, 404 no such server, 422 no host).</summary>
public sealed record ExternalEventOutcome(ExternalInstanceEvent Event, int Code)
{
    public const int Accepted = 200;
    public const int NotFound = 404;
    public const int NoHost = 422;

    public bool IsAccepted => Code == Accepted;
}
