namespace Kumo.Compute;

/// <summary>The compute service's settings, with Nova's option names (nova.conf [DEFAULT]).</summary>
public sealed class ComputeOptions
{
    /// <summary>This compute service's host name; its RPC topic is compute.&lt;host&gt;.</summary>
    public string Host { get; set; } = Environment.MachineName;

    /// <summary>Builds run at once on this host (Nova's max_concurrent_builds, default 10).</summary>
    public int MaxConcurrentBuilds { get; set; } = 10;

    /// <summary>Nova's initial_cpu_allocation_ratio (4.0 since Stein).</summary>
    public double CpuAllocationRatio { get; set; } = 4.0;

    public double RamAllocationRatio { get; set; } = 1.0;

    public double DiskAllocationRatio { get; set; } = 1.0;

    public int ReservedHostMemoryMb { get; set; } = 512;

    public int ReservedHostDiskMb { get; set; }

    public int ReservedHostCpus { get; set; }

    /// <summary>How long a clean shutdown may take before power-off destroys the guest.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
