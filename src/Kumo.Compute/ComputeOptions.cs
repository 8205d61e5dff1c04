namespace Kumo.Compute;

/// <summary>The compute service's settings, with Nova's option names (nova.conf [DEFAULT]).</summary>
public sealed class ComputeOptions
{
    /// <summary>This compute service's host name; its RPC topic is compute.&lt;host&gt;.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>This host's address as os-hypervisors shows it (Nova's my_ip).</summary>
    public string MyIp { get; set; } = "127.0.0.1";

    /// <summary>The availability zone this host is in (Nova's default_availability_zone, "nova").</summary>
    public string DefaultAvailabilityZone { get; set; } = "nova";

    /// <summary>Builds run at once on this host (Nova's max_concurrent_builds, default 10).</summary>
    public int MaxConcurrentBuilds { get; set; } = 10;

    /// <summary>Nova's initial_cpu_allocation_ratio (4.0 since Stein).</summary>
    public double CpuAllocationRatio { get; set; } = 4.0;

    public double RamAllocationRatio { get; set; } = 1.0;

    public double DiskAllocationRatio { get; set; } = 1.0;

    public int ReservedHostMemoryMb { get; set; } = 512;

    public int ReservedHostDiskMb { get; set; }

    public int ReservedHostCpus { get; set; }

    /// <summary>Recount resources from the driver and the store (Nova's update_resources_interval; Nova's default is 60 s).</summary>
    public TimeSpan UpdateResourcesInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Check every guest's power state against the hypervisor, for events that were lost (Nova's sync_power_state_interval).</summary>
    public TimeSpan SyncPowerStateInterval { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>Remove cached images no instance uses (Nova's image_cache.manager_interval).</summary>
    public TimeSpan ImageCacheManagerInterval { get; set; } = TimeSpan.FromSeconds(2400);

    /// <summary>A cached image unused for this long is removed (Nova's remove_unused_original_minimum_age_seconds).</summary>
    public TimeSpan RemoveUnusedBaseImagesMinimumAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a clean shutdown may take before power-off destroys the guest.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-operation deadlines (Compute:Deadlines:Build, Delete, Stop, Start, Reboot) and the conductor's sweep of down hosts.</summary>
    public Deadlines.OperationDeadlines Deadlines { get; set; } = new();

    /// <summary>
    /// How long a spawn waits for network-vif-plugged of each new port before giving up (Nova's
    /// vif_plugging_timeout, 300 s; 0 = do not wait and do not start the guest paused).
    /// </summary>
    public TimeSpan VifPluggingTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>A port never reported (or reported failed) fails the build (Nova's vif_plugging_is_fatal); false: warn and go on.</summary>
    public bool VifPluggingIsFatal { get; set; } = true;
}
