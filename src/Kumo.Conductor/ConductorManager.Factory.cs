using Kumo.Compute.Rpc;
using Kumo.Db;
using Kumo.Messaging.Rpc;
using Kumo.Scheduler.Rpc;
using Microsoft.Extensions.Logging;

namespace Kumo.Conductor;

public sealed partial class ConductorManager
{
    /// <summary>A conductor over the store and the bus (all it talks to: the scheduler and the compute hosts by topic).</summary>
    public static ConductorManager Create(KumoStores stores, IMessageBus bus, TimeProvider time, ILoggerFactory loggers, TimeSpan? schedulerTimeout = null,
        int maxAttempts = DefaultMaxAttempts) =>
        new(stores.Instances, stores.InstanceActions, stores.Placement,
            new SchedulingFailures(stores.Instances, stores.InstanceActions, stores.InstanceFaults, stores.Placement, time),
            new SchedulerRpcApi(bus, schedulerTimeout), new ComputeRpcApi(bus), loggers.CreateLogger<ConductorManager>(), maxAttempts);
}
