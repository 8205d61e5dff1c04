namespace Kumo.Compute.Resources;

/// <summary>A snapshot of what the tracker counts on its node (used includes the reserved amounts).</summary>
public sealed record ResourceUsage(
    int VcpusTotal,
    int MemoryMbTotal,
    int LocalGbTotal,
    int VcpusUsed,
    int MemoryMbUsed,
    int LocalGbUsed,
    int Instances);
