namespace Kumo.Scheduler;

/// <summary>The scheduler's settings with Nova's names ([filter_scheduler]).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Spread by free RAM (Nova's ram_weight_multiplier, 1.0; negative packs).</summary>
    public double RamWeightMultiplier { get; set; } = 1.0;

    public double CpuWeightMultiplier { get; set; } = 1.0;

    public double DiskWeightMultiplier { get; set; } = 1.0;

    /// <summary>
    /// How often one decision may lose a generation race before it gives up. Each loss means another
    /// scheduler placed something, so this only bounds a pathological storm, never ordinary contention.
    /// </summary>
    public int MaxGenerationConflicts { get; set; } = 100;
}
