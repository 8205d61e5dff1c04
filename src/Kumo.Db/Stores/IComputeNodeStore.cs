namespace Kumo.Db.Stores;

/// <summary>A hypervisor node's inventory and usage as the resource tracker last reported it.</summary>
public sealed record ComputeNodeRecord(
    string Host,
    string NodeName,
    string HypervisorType,
    int Vcpus,
    int MemoryMb,
    int LocalGb,
    int VcpusUsed,
    int MemoryMbUsed,
    int LocalGbUsed,
    int RunningVms,
    double CpuAllocationRatio,
    double RamAllocationRatio,
    double DiskAllocationRatio,
    DateTimeOffset UpdatedAt);

public interface IComputeNodeStore
{
    Task UpsertAsync(ComputeNodeRecord node, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ComputeNodeRecord>> ListAsync(CancellationToken cancellationToken = default);
}
