using Kumo.Db.Stores;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;
using Kumo.Objects.Scheduling;
using Kumo.Virt;

namespace Kumo.Compute.Resources;

/// <summary>
/// Counts the vcpus, memory and disk that instances hold on this compute node and admits new ones
/// (Nova's ResourceTracker). Usage lives in memory behind one lock; the compute node record in the
/// store mirrors it for the scheduler.
/// </summary>
public sealed class ResourceTracker(
    ComputeOptions options,
    IVirtDriver driver,
    IComputeNodeStore nodes,
    IInstanceStore instances,
    TimeProvider time)
{
    private readonly Lock _lock = new();
    // Serialises recount, claim and drop end to end (Nova's COMPUTE_RESOURCE_SEMAPHORE): a recount reads
    // the store outside _lock, and a claim or drop landing in between must not be undone by it.
    private readonly SemaphoreSlim _updates = new(1, 1);
    private readonly Dictionary<Guid, (int Vcpus, int MemoryMb, int DiskGb)> _tracked = [];
    private HostResources? _host;

    public string NodeName => Host.NodeName;

    private HostResources Host => _host ?? throw new InvalidOperationException("The resource tracker has not read the host yet.");

    /// <summary>
    /// Reads the host's totals from the driver and recounts usage from the instances on this host
    /// (Nova's update_available_resource). A build that failed before launch holds nothing.
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
                foreach (var instance in onHost.Where(HoldsResources))
                {
                    _tracked[instance.Uuid] = (instance.Vcpus, instance.MemoryMb, instance.DiskGb);
                }
            }
            await PersistAsync(cancellationToken);
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
            lock (_lock)
            {
                // A recount may already hold this instance (its record names this host from the start):
                // test the claim without it, or the instance would be counted twice.
                var previous = _tracked.Remove(instance.Uuid, out var held) ? held : ((int, int, int)?)null;
                try
                {
                    var usage = UsageLocked();
                    var effective = limits ?? OwnLimits();
                    Test("vcpus", "VCPU", usage.VcpusUsed, instance.Vcpus, effective.Vcpus);
                    Test("memory", "MB", usage.MemoryMbUsed, instance.MemoryMb, effective.MemoryMb);
                    Test("disk", "GB", usage.LocalGbUsed, instance.DiskGb, effective.DiskGb);
                }
                catch (ComputeResourcesUnavailableException) when (previous is { } restore)
                {
                    _tracked[instance.Uuid] = restore;
                    throw;
                }
                _tracked[instance.Uuid] = (instance.Vcpus, instance.MemoryMb, instance.DiskGb);
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

    /// <summary>Forgets an instance's usage (deleted, or a build that failed). Idempotent.</summary>
    public async Task DropInstanceUsageAsync(Instance instance, CancellationToken cancellationToken = default)
    {
        await _updates.WaitAsync(cancellationToken);
        try
        {
            bool removed;
            lock (_lock)
            {
                removed = _tracked.Remove(instance.Uuid);
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
    }

    public ResourceUsage GetUsage()
    {
        lock (_lock)
        {
            return UsageLocked();
        }
    }

    /// <summary>This node's own ceilings: totals times the allocation ratios (Nova's limits).</summary>
    public ResourceLimits OwnLimits() => new(
        Host.Vcpus * options.CpuAllocationRatio,
        Host.MemoryMb * options.RamAllocationRatio,
        Host.LocalGb * options.DiskAllocationRatio);

    private static bool HoldsResources(Instance instance) =>
        !instance.Deleted && !(instance.VmState == VmState.Error && instance.LaunchedAt is null);

    private ResourceUsage UsageLocked()
    {
        int vcpus = options.ReservedHostCpus, memory = options.ReservedHostMemoryMb, disk = (options.ReservedHostDiskMb + 1023) / 1024;
        foreach (var (v, m, d) in _tracked.Values)
        {
            vcpus += v;
            memory += m;
            disk += d;
        }
        return new ResourceUsage(Host.Vcpus, Host.MemoryMb, Host.LocalGb, vcpus, memory, disk, _tracked.Count);
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
