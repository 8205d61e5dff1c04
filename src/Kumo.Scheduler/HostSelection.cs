using Kumo.Objects.Scheduling;

namespace Kumo.Scheduler;

/// <summary>Where a build goes, with the limits the compute host's claim enforces.</summary>
public sealed record HostSelection(string Host, string Node, ResourceLimits Limits);
