namespace Kumo.Scheduler;

/// <summary>The scheduler's settings with Nova's names ([filter_scheduler]).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Spread by free RAM (Nova's ram_weight_multiplier, 1.0; negative packs).</summary>
    public double RamWeightMultiplier { get; set; } = 1.0;

    public double CpuWeightMultiplier { get; set; } = 1.0;

    public double DiskWeightMultiplier { get; set; } = 1.0;

    /// <summary>
    /// Pick at random among this many best weighed hosts (Nova's host_subset_size, default 1).
    /// Nova's advice holds: with more than one scheduler, a larger subset keeps them from all
    /// choosing the same host and losing generation races to each other.
    /// </summary>
    public int HostSubsetSize { get; set; } = 1;

    /// <summary>
    /// How old the scheduler's view of the hosts may get before a decision reads all of them again
    /// (Kumo's; Nova reads every compute node per request). Between reads the scheduler's own
    /// allocations keep it current, a lost generation race re-reads the one provider, and a request
    /// that fits nowhere in the view reads everything again before it is refused.
    /// </summary>
    public TimeSpan HostStateMaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often one decision may lose a generation race before it gives up. Each loss means another
    /// scheduler placed something, so this only bounds a pathological storm, never ordinary contention.
    /// </summary>
    public int MaxGenerationConflicts { get; set; } = 100;

    /// <summary>
    /// How many hosts one build may be tried on before it ends in ERROR (Nova's [scheduler]
    /// max_attempts, 3; 1 = never reschedule). A build that fails on a host for a retriable reason
    /// goes back to the conductor, which asks for another host without the ones that failed.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;
}
