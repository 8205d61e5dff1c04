namespace Kumo.Db.Stores;

/// <summary>
/// A hypervisor node's inventory and usage as the resource tracker last reported it. <see cref="Id"/> is
/// the store's key (os-hypervisors' id), 0 until stored.
/// </summary>
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
    DateTimeOffset UpdatedAt,
    long HypervisorVersion = 0,
    string? HostIp = null)
{
    public long Id { get; init; }
}

public interface IComputeNodeStore
{
    Task UpsertAsync(ComputeNodeRecord node, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ComputeNodeRecord>> ListAsync(CancellationToken cancellationToken = default);
}
