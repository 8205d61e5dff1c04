using Dapper;
using Kumo.Db.Database;

namespace Kumo.Db.Stores;

/// <summary>One row per (host, node), replaced by each resource tracker report.</summary>
public sealed class SqlComputeNodeStore(KumoDatabase database) : IComputeNodeStore
{
    private const string UpsertSql = """
        INSERT INTO compute_nodes (host, node, hypervisor_type, vcpus, memory_mb, local_gb, vcpus_used,
            memory_mb_used, local_gb_used, running_vms, cpu_allocation_ratio, ram_allocation_ratio,
            disk_allocation_ratio, updated_at, hypervisor_version, host_ip)
        VALUES (@Host, @NodeName, @HypervisorType, @Vcpus, @MemoryMb, @LocalGb, @VcpusUsed,
            @MemoryMbUsed, @LocalGbUsed, @RunningVms, @CpuAllocationRatio, @RamAllocationRatio,
            @DiskAllocationRatio, @UpdatedAt, @HypervisorVersion, @HostIp)
        ON CONFLICT (host, node) DO UPDATE SET hypervisor_type = excluded.hypervisor_type,
            vcpus = excluded.vcpus, memory_mb = excluded.memory_mb, local_gb = excluded.local_gb,
            vcpus_used = excluded.vcpus_used, memory_mb_used = excluded.memory_mb_used,
            local_gb_used = excluded.local_gb_used, running_vms = excluded.running_vms,
            cpu_allocation_ratio = excluded.cpu_allocation_ratio,
            ram_allocation_ratio = excluded.ram_allocation_ratio,
            disk_allocation_ratio = excluded.disk_allocation_ratio, updated_at = excluded.updated_at,
            hypervisor_version = excluded.hypervisor_version, host_ip = excluded.host_ip
        """;

    private const string ListSql = """
        SELECT host AS Host, node AS NodeName, hypervisor_type AS HypervisorType, vcpus AS Vcpus,
            memory_mb AS MemoryMb, local_gb AS LocalGb, vcpus_used AS VcpusUsed,
            memory_mb_used AS MemoryMbUsed, local_gb_used AS LocalGbUsed, running_vms AS RunningVms,
            cpu_allocation_ratio AS CpuAllocationRatio, ram_allocation_ratio AS RamAllocationRatio,
            disk_allocation_ratio AS DiskAllocationRatio, updated_at AS UpdatedAt,
            id AS Id, hypervisor_version AS HypervisorVersion, host_ip AS HostIp
        FROM compute_nodes ORDER BY host, node
        """;

    public Task UpsertAsync(ComputeNodeRecord node, CancellationToken cancellationToken = default)
    {
        var parameters = new
        {
            node.Host,
            node.NodeName,
            node.HypervisorType,
            node.Vcpus,
            node.MemoryMb,
            node.LocalGb,
            node.VcpusUsed,
            node.MemoryMbUsed,
            node.LocalGbUsed,
            node.RunningVms,
            node.CpuAllocationRatio,
            node.RamAllocationRatio,
            node.DiskAllocationRatio,
            UpdatedAt = DbValues.Time(node.UpdatedAt),
            node.HypervisorVersion,
            node.HostIp,
        };
        return database.WriteAsync(connection => connection.ExecuteAsync(
            new CommandDefinition(UpsertSql, parameters, cancellationToken: cancellationToken)), cancellationToken);
    }

    public async Task<IReadOnlyList<ComputeNodeRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<ComputeNodeRow>(
            new CommandDefinition(ListSql, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private sealed class ComputeNodeRow
    {
        public string Host { get; set; } = "";
        public string NodeName { get; set; } = "";
        public string HypervisorType { get; set; } = "";
        public int Vcpus { get; set; }
        public int MemoryMb { get; set; }
        public int LocalGb { get; set; }
        public int VcpusUsed { get; set; }
        public int MemoryMbUsed { get; set; }
        public int LocalGbUsed { get; set; }
        public int RunningVms { get; set; }
        public double CpuAllocationRatio { get; set; }
        public double RamAllocationRatio { get; set; }
        public double DiskAllocationRatio { get; set; }
        public string UpdatedAt { get; set; } = "";
        public long Id { get; set; }
        public long HypervisorVersion { get; set; }
        public string? HostIp { get; set; }

        public ComputeNodeRecord ToRecord() => new(Host, NodeName, HypervisorType, Vcpus, MemoryMb, LocalGb,
            VcpusUsed, MemoryMbUsed, LocalGbUsed, RunningVms, CpuAllocationRatio, RamAllocationRatio,
            DiskAllocationRatio, DbValues.ParseTime(UpdatedAt), HypervisorVersion, HostIp) { Id = Id };
    }
}
