using Kumo.Db;
using Kumo.Objects.Instances;
using Kumo.Objects.Services;

namespace Kumo.Api.Compute.Hypervisors;

/// <summary>
/// The compute nodes with what os-hypervisors adds to them: current_workload (instances on the node
/// with a task in progress) and the state, status and id of the host's nova-compute service from its
/// heartbeats. A node whose service has no record is down.
/// </summary>
public sealed class HypervisorSource(KumoStores stores, ServiceGroupOptions serviceGroup, TimeProvider time)
{
    public async Task<IReadOnlyList<HypervisorState>> ListAsync(CancellationToken cancellationToken)
    {
        var nodes = await stores.ComputeNodes.ListAsync(cancellationToken);
        var services = (await stores.Services.ListAsync(ServiceBinaries.Compute, cancellationToken)).ToDictionary(s => s.Host, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var states = new List<HypervisorState>(nodes.Count);
        foreach (var node in nodes)
        {
            var instances = await stores.Instances.ListAsync(node.Host, cancellationToken);
            var workload = instances.Count(i => i.TaskState is not null && (i.Node is null || i.Node == node.NodeName) && i.VmState != VmState.Deleted);
            var service = services.GetValueOrDefault(node.Host);
            states.Add(new HypervisorState(node, workload,
                Up: service?.IsUp(now, serviceGroup.ServiceDownTime) ?? false,
                Disabled: service?.Disabled ?? false,
                DisabledReason: service?.DisabledReason,
                ServiceId: service?.Id ?? 0));
        }
        return states;
    }
}
