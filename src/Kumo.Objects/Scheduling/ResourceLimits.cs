namespace Kumo.Objects.Scheduling;

/// <summary>
/// The ceilings the scheduler passes down with a build (Nova's filter_properties["limits"]): totals
/// with allocation ratios applied. Null means "no limit on this resource".
/// </summary>
public sealed record ResourceLimits(double? Vcpus, double? MemoryMb, double? DiskGb);
