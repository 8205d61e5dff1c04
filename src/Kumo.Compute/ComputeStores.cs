using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Notifications;

namespace Kumo.Compute;

/// <summary>The records a compute host reads and writes, behind their interfaces (any store, or a test's wrapper).</summary>
public sealed record ComputeStores(
    IInstanceStore Instances,
    IInstanceActionStore Actions,
    IInstanceFaultStore Faults,
    IComputeNodeStore ComputeNodes,
    IPlacementStore Placement,
    INotifier Notifier,
    IInstanceInfoCacheStore? InfoCaches = null,
    IInstanceExternalEventStore? ExternalEvents = null);
