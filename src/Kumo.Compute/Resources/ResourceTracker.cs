using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Kumo.Db.Stores;
using Kumo.Db.Stores.Placement;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Scheduling;
using Kumo.Virt;

namespace Kumo.Compute.Resources;

/// <summary>
/// Counts the vcpus, memory and disk that instances hold on this compute node and admits new ones
/// (Nova's ResourceTracker). Usage lives in memory behind one lock; the compute node record in the
/// store mirrors it for os-hypervisors, and the node's resource provider carries its inventory for
/// the scheduler (Nova's report client). Admission uses the scheduler's formula (ResourceCapacity).
/// </summary>
public sealed class ResourceTracker(
    ComputeOptions options,
    IVirtDriver driver,
    IComputeNodeStore nodes,
    IPlacementStore placement,
    IInstanceStore instances,
    TimeProvider time)
{
    private readonly Lock _lock = new();
    // Serialises recount, claim and drop end to end (Nova's COMPUTE_RESOURCE_SEMAPHORE): a recount reads
    // the store outside _lock, and a claim or drop landing in between must not be undone by it.
    private readonly SemaphoreSlim _updates = new(1, 1);
    private readonly Dictionary<Guid, (int Vcpus, int MemoryMb, int DiskGb)> _tracked = [];
    // Instances whose claim was aborted, refused or dropped. Their records say so only a save later
    // (ERROR, deleted), so a recount in between would count them again until the next one, 60 s on.
    // An entry lasts until the instance claims again or leaves this host's list.
    private readonly HashSet<Guid> _released = [];
    private HostResources? _host;

    public string NodeName => Host.NodeName;

    private HostResources Host => _host ?? throw new InvalidOperationException("The resource tracker has not read the host yet.");

    /// <summary>
    /// Reads the host's totals from the driver and recounts usage from the instances on this host
    /// (Nova's update_available_resource), then reports the inventory into the node's resource
    /// provider. A build that failed before launch holds nothing.
    /// </summary>
    public async Task UpdateAvailableResourceAsync(CancellationToken cancellationToken = default)
    {
        await _updates.WaitAsync(cancellationToken);
        try
        {
            var host = driver.GetAvailableResources();
            var onHost = await instances.ListAsync(options.Host, cancellationToken);
            lock (_lock)
            {
                _host = host;
                _tracked.Clear();
                _released.IntersectWith(onHost.Select(i => i.Uuid));
                foreach (var instance in onHost.Where(i => HoldsResources(i) && !_released.Contains(i.Uuid)))
                {
                    _tracked[instance.Uuid] = (instance.Vcpus, instance.MemoryMb, instance.DiskGb);
                }
            }
            await PersistAsync(cancellationToken);
            await placement.ReportInventoryAsync(InventoryReport(host), cancellationToken);
        }
        finally
        {
            _updates.Release();
        }
    }

    /// <summary>
    /// Admits the instance within <paramref name="limits"/> (or this node's own limits when the
    /// scheduler passed none) and sets its host and node. Throws ComputeResourcesUnavailableException
    /// naming the resource that does not fit.
    /// </summary>
    public async Task<InstanceClaim> InstanceClaimAsync(Instance instance, ResourceLimits? limits, CancellationToken cancellationToken = default)
    {
        await _updates.WaitAsync(cancellationToken);
        try
        {
            ComputeResourcesUnavailableException? refused = null;
            lock (_lock)
            {
                // A recount may already hold this instance (its record names this host from the start):
                // test the claim without it, or the instance would be counted twice.
                _tracked.Remove(instance.Uuid);
                try
                {
                    var (vcpus, memory, disk) = InstanceUsageLocked();
                    var effective = limits ?? OwnLimits();
                    Test("vcpus", "VCPU", vcpus, instance.Vcpus, effective.Vcpus);
                    Test("memory", "MB", memory, instance.MemoryMb, effective.MemoryMb);
                    Test("disk", "GB", disk, instance.DiskGb, effective.DiskGb);
                    _released.Remove(instance.Uuid);
                    _tracked[instance.Uuid] = (instance.Vcpus, instance.MemoryMb, instance.DiskGb);
                }
                catch (ComputeResourcesUnavailableException ex)
                {
                    // Refused: the instance holds nothing here, whatever a recount counted for it before.
                    _released.Add(instance.Uuid);
                    refused = ex;
                }
            }
            if (refused is not null)
            {
                await PersistAsync(cancellationToken);
                ExceptionDispatchInfo.Throw(refused);
            }
            instance.Host = options.Host;
            instance.Node = Host.NodeName;
            await PersistAsync(cancellationToken);
        }
        finally
        {
            _updates.Release();
        }
        return new InstanceClaim(this, instance);
    }

    /// <summary>Gives back what a failed build claimed.</summary>
    internal Task AbortInstanceClaimAsync(Instance instance) => DropInstanceUsageAsync(instance);

    /// <summary>Forgets an instance's usage and releases its allocation (deleted, or a build that failed). Idempotent.</summary>
    public async Task DropInstanceUsageAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        await _updates.WaitAsync(cancellationToken);
        try
        {
            bool removed;
            lock (_lock)
            {
                removed = _tracked.Remove(instance.Uuid);
                _released.Add(instance.Uuid);
            }
            if (removed)
            {
                await PersistAsync(cancellationToken);
            }
        }
        finally
        {
            _updates.Release();
        }
        await ReleaseAllocationsAsync(instance.Uuid, cancellationToken);
    }

    /// <summary>Gives back what the scheduler allocated for the instance (Nova's delete_allocation_for_instance). Idempotent.</summary>
    public Task ReleaseAllocationsAsync(Guid instanceUuid, CancellationToken cancellationToken = default) =>
        placement.ReleaseAsync(instanceUuid, cancellationToken);

    public ResourceUsage GetUsage()
    {
        lock (_lock)
        {
            return UsageLocked();
        }
    }

    /// <summary>This node's own ceilings for instances: (total - reserved) × allocation ratio, as the scheduler computes them.</summary>
    public ResourceLimits OwnLimits() => new(
        ResourceCapacity.Of(Host.Vcpus, options.ReservedHostCpus, options.CpuAllocationRatio),
        ResourceCapacity.Of(Host.MemoryMb, options.ReservedHostMemoryMb, options.RamAllocationRatio),
        ResourceCapacity.Of(Host.LocalGb, ResourceCapacity.DiskGbFromMb(options.ReservedHostDiskMb), options.DiskAllocationRatio));

    private ProviderReport InventoryReport(HostResources host) => new(host.NodeName, options.Host, host.HypervisorType, CpuArchitecture(),
    [
        new InventoryRecord(ResourceClasses.Vcpu, host.Vcpus, options.ReservedHostCpus, options.CpuAllocationRatio),
        new InventoryRecord(ResourceClasses.MemoryMb, host.MemoryMb, options.ReservedHostMemoryMb, options.RamAllocationRatio),
        new InventoryRecord(ResourceClasses.DiskGb, host.LocalGb, ResourceCapacity.DiskGbFromMb(options.ReservedHostDiskMb), options.DiskAllocationRatio),
    ]);

    /// <summary>Nova's canonical architecture names (nova/objects/fields.py Architecture).</summary>
    private static string CpuArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "x86_64",
        Architecture.Arm64 => "aarch64",
        Architecture.X86 => "i686",
        var other => other.ToString().ToLowerInvariant(),
    };

    private static bool HoldsResources(Instance instance) =>
        !instance.Deleted && instance.VmState != VmState.Deleted && !(instance.VmState == VmState.Error && instance.LaunchedAt is null);

    /// <summary>What the host reports as used (Nova's compute node *_used): instances plus the reserved amounts.</summary>
    private ResourceUsage UsageLocked()
    {
        var (vcpus, memory, disk) = InstanceUsageLocked();
        return new ResourceUsage(Host.Vcpus, Host.MemoryMb, Host.LocalGb, vcpus + options.ReservedHostCpus,
            memory + options.ReservedHostMemoryMb, disk + ResourceCapacity.DiskGbFromMb(options.ReservedHostDiskMb), _tracked.Count);
    }

    private (int Vcpus, int MemoryMb, int DiskGb) InstanceUsageLocked()
    {
        int vcpus = 0, memory = 0, disk = 0;
        foreach (var (v, m, d) in _tracked.Values)
        {
            vcpus += v;
            memory += m;
            disk += d;
        }
        return (vcpus, memory, disk);
    }

    private static void Test(string resource, string unit, int used, int requested, double? limit)
    {
        if (limit is null)
        {
            return;
        }
        var free = limit.Value - used;
        if (requested > free)
        {
            throw new ComputeResourcesUnavailableException(
                $"free {resource} {Math.Max(free, 0):0.##} {unit} < requested {requested} {unit}");
        }
    }

    private Task PersistAsync(CancellationToken cancellationToken)
    {
        var usage = GetUsage();
        return nodes.UpsertAsync(new ComputeNodeRecord(
            options.Host, Host.NodeName, Host.HypervisorType,
            usage.VcpusTotal, usage.MemoryMbTotal, usage.LocalGbTotal,
            usage.VcpusUsed, usage.MemoryMbUsed, usage.LocalGbUsed, usage.Instances,
            options.CpuAllocationRatio, options.RamAllocationRatio, options.DiskAllocationRatio,
            time.GetUtcNow(), Host.HypervisorVersion, options.MyIp), cancellationToken);
    }
}
