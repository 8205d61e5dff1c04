using Kumo.Compute.Locking;
using Kumo.Compute.Notifications;
using Kumo.Compute.Resources;
using Kumo.Compute.Rpc;
using Kumo.Compute.Wrappers;
using Kumo.Image;
using Kumo.Messaging.Rpc;
using Kumo.Network.Api;
using Kumo.Virt;
using Microsoft.Extensions.Logging;

namespace Kumo.Compute.Manager;

public sealed partial class ComputeManager
{
    /// <summary>
    /// Assembles a compute host's manager and its collaborators (tracker, locks, wrappers, notifier).
    /// With a bus, a build that fails for a retriable reason goes back to the conductor for another host.
    /// </summary>
    public static ComputeManager Create(ComputeOptions options, IVirtDriver driver, ComputeStores stores, IImageService images,
        INetworkApi network, TimeProvider time, ILoggerFactory loggers, IMessageBus? bus = null)
    {
        var notifier = new InstanceNotifier(stores.Notifier, options, time, loggers.CreateLogger<InstanceNotifier>());
        var tracker = new ResourceTracker(options, driver, stores.ComputeNodes, stores.Placement, stores.Instances, time);
        var wrappers = new OperationWrappers(stores.Instances, stores.Actions, stores.Faults, notifier, options, time, loggers.CreateLogger<OperationWrappers>());
        return new ComputeManager(options, driver, stores.Instances, images, network, tracker, new InstanceLocks(),
            wrappers, notifier, stores.Actions, stores.Faults, stores.InfoCaches, stores.ExternalEvents, time, loggers.CreateLogger<ComputeManager>())
        {
            Conductor = bus is null ? null : new ConductorRpcApi(bus),
        };
    }
}
