using System.Text.Json.Nodes;
using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Objects.Services;
using Kumo.Scheduler.Hosts;
using Kumo.Scheduler.Rpc;

namespace Kumo.Scheduler;

/// <summary>
/// The scheduler service (nova-scheduler) behind topic scheduler. Any number may run over one store:
/// they share nothing but the resource providers' generations.
/// </summary>
public sealed class SchedulerManager : IRpcEndpoint
{
    private readonly RpcDispatcher _dispatcher;

    public SchedulerManager(IPlacementStore placement, IServiceStore services, SchedulerOptions options, ServiceGroupOptions serviceGroup, TimeProvider time)
    {
        Scheduler = new FilterScheduler(placement, new HostManager(placement, services), options, serviceGroup, time);
        _dispatcher = new RpcDispatcher("scheduler")
            .On(SchedulerMethods.SelectDestinations, async (_, request, ct) =>
                new SelectDestinationsResult(await Scheduler.SelectDestinationsAsync(request.Spec, request.InstanceUuids, ct)));
    }

    public FilterScheduler Scheduler { get; }

    public Task<JsonNode?> DispatchAsync(RpcMessage message, CancellationToken cancellationToken) =>
        _dispatcher.DispatchAsync(message, cancellationToken);
}
