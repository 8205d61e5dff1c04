namespace Kumo.Virt.Libvirt.Host;

/// <summary>virDomainInfo: state, memory (KiB), vCPU count and cumulative CPU time (ns).</summary>
public sealed record DomainInfo(DomainState State, ulong MaxMemKb, ulong MemoryKb, ushort Vcpus, ulong CpuTimeNs);
