using Kumo.Db.Stores;
using Kumo.Objects.Flavors;
using Kumo.Objects.Scheduling;

namespace Kumo.Scheduler;

/// <summary>
/// Picks a compute node for a flavor from what the resource trackers last reported: a resource
/// filter (with allocation ratios) and a free-RAM weigher, as Nova's defaults. The compute host's
/// claim remains the authority; this only avoids sending builds where they cannot fit.
/// </summary>
public sealed class FilterScheduler(IComputeNodeStore nodes)
{
    public async Task<HostSelection> SelectDestinationAsync(Flavor flavor, CancellationToken cancellationToken = default)
    {
        var candidates = await nodes.ListAsync(cancellationToken);
        var reasons = new Dictionary<string, string>();
        var neverFits = candidates.Count > 0;
        ComputeNodeRecord? best = null;
        double bestFreeRam = double.MinValue;
        foreach (var node in candidates)
        {
            var limits = LimitsOf(node);
            var capacityProblem = Check(flavor, limits, 0, 0, 0);
            if (capacityProblem is not null)
            {
                reasons[node.Host] = capacityProblem;
                continue;
            }
            neverFits = false;
            var loadProblem = Check(flavor, limits, node.VcpusUsed, node.MemoryMbUsed, node.LocalGbUsed);
            if (loadProblem is not null)
            {
                reasons[node.Host] = loadProblem;
                continue;
            }
            var freeRam = limits.MemoryMb!.Value - node.MemoryMbUsed;
            if (freeRam > bestFreeRam)
            {
                (best, bestFreeRam) = (node, freeRam);
            }
        }
        return best is null
            ? throw new NoValidHostException(reasons, neverFits)
            : new HostSelection(best.Host, best.NodeName, LimitsOf(best));
    }

    private static ResourceLimits LimitsOf(ComputeNodeRecord node) => new(
        node.Vcpus * node.CpuAllocationRatio,
        node.MemoryMb * node.RamAllocationRatio,
        node.LocalGb * node.DiskAllocationRatio);

    private static string? Check(Flavor flavor, ResourceLimits limits, int vcpusUsed, int memoryUsed, int diskUsed)
    {
        if (flavor.Vcpus > limits.Vcpus - vcpusUsed)
        {
            return $"{flavor.Vcpus} vcpus requested, {Math.Max(0, limits.Vcpus!.Value - vcpusUsed):0.##} available";
        }
        if (flavor.MemoryMb > limits.MemoryMb - memoryUsed)
        {
            return $"{flavor.MemoryMb} MB RAM requested, {Math.Max(0, limits.MemoryMb!.Value - memoryUsed):0.##} MB available";
        }
        var disk = flavor.RootGb + flavor.EphemeralGb;
        if (disk > limits.DiskGb - diskUsed)
        {
            return $"{disk} GB disk requested, {Math.Max(0, limits.DiskGb!.Value - diskUsed):0.##} GB available";
        }
        return null;
    }
}
