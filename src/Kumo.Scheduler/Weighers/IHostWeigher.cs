using Kumo.Objects.Scheduling;
using Kumo.Scheduler.Hosts;

namespace Kumo.Scheduler.Weighers;

/// <summary>A weigher (Nova's BaseHostWeigher): a raw value per host, normalised across the candidates, times its multiplier.</summary>
public interface IHostWeigher
{
    string Name { get; }

    double Multiplier { get; }

    double RawWeight(HostState host, RequestSpec spec);
}

/// <summary>Nova's RAMWeigher: free MEMORY_MB under the capacity.</summary>
public sealed class RamWeigher(double multiplier) : IHostWeigher
{
    public string Name => "RAMWeigher";

    public double Multiplier => multiplier;

    public double RawWeight(HostState host, RequestSpec spec) => host.Free(ResourceClasses.MemoryMb);
}

/// <summary>Nova's CPUWeigher: free VCPU under the capacity.</summary>
public sealed class CpuWeigher(double multiplier) : IHostWeigher
{
    public string Name => "CPUWeigher";

    public double Multiplier => multiplier;

    public double RawWeight(HostState host, RequestSpec spec) => host.Free(ResourceClasses.Vcpu);
}

/// <summary>Nova's DiskWeigher: free DISK_GB under the capacity.</summary>
public sealed class DiskWeigher(double multiplier) : IHostWeigher
{
    public string Name => "DiskWeigher";

    public double Multiplier => multiplier;

    public double RawWeight(HostState host, RequestSpec spec) => host.Free(ResourceClasses.DiskGb);
}
