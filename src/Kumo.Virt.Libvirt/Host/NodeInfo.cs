namespace Kumo.Virt.Libvirt.Host;

/// <summary>
/// virNodeInfo. libvirt warns the figures may not reflect the hardware exactly (unusual NUMA layouts
/// fold into Cores); the capabilities XML is authoritative for topology.
/// </summary>
public sealed record NodeInfo(
    string Model, ulong MemoryKb, uint Cpus, uint MhZ, uint Nodes, uint Sockets, uint Cores, uint Threads);
