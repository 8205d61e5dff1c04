using Kumo.Db;
using Kumo.Objects.Instances;

namespace Kumo.Api.Compute.Hypervisors;

/// <summary>
/// The compute nodes with what os-hypervisors adds to them: current_workload (instances on the node
/// with a task in progress) and the compute service's state. Until the services table exists, a node
/// whose tracker has not reported for <see cref="ServiceDownTime"/> counts as down.
/// </summary>
public sealed class HypervisorSource(KumoStores stores, TimeProvider time)
{
    // The tracker reports every 60 s (update_resources_interval); three missed reports mean the host is gone.
    public static readonly TimeSpan ServiceDownTime = TimeSpan.FromSeconds(180);

    public async Task<IReadOnlyList<HypervisorState>> ListAsync(CancellationToken cancellationToken)
    {
        var nodes = await stores.ComputeNodes.ListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var states = new List<HypervisorState>(nodes.Count);
        foreach (var node in nodes)
        {
            var instances = await stores.Instances.ListAsync(node.Host, cancellationToken);
            var workload = instances.Count(i => i.TaskState is not null && (i.Node is null || i.Node == node.NodeName) && i.VmState != VmState.Deleted);
            states.Add(new HypervisorState(node, workload, now - node.UpdatedAt <= ServiceDownTime, Disabled: false, DisabledReason: null, ServiceId: node.Id));
        }
        return states;
    }
}
