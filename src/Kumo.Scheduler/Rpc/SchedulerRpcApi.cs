using Kumo.Messaging.Rpc;
using Kumo.Messaging.Typed;
using Kumo.Objects.Context;
using Kumo.Objects.Scheduling;

namespace Kumo.Scheduler.Rpc;

/// <summary>The client of topic scheduler (Nova's scheduler/rpcapi.py), used by the conductor.</summary>
public sealed class SchedulerRpcApi(IMessageBus bus, TimeSpan? callTimeout = null)
{
    /// <summary>Nova's rpc_response_timeout (60 s) is what select_destinations waits by default.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(60);

    public async Task<IReadOnlyList<Selection>> SelectDestinationsAsync(RequestContext context, RequestSpec spec, IReadOnlyList<Guid> instanceUuids,
        CancellationToken cancellationToken = default)
    {
        var result = await bus.CallAsync(Topics.Scheduler, SchedulerMethods.SelectDestinations, context,
            new SelectDestinationsRequest(spec, instanceUuids), callTimeout ?? DefaultCallTimeout, cancellationToken);
        return result.Selections;
    }
}
