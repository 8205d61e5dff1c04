using Kumo.Objects.Instances;
using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>libvirt's domain states as Nova's power states (Nova's LIBVIRT_POWER_STATE).</summary>
public static class PowerStateMap
{
    public static PowerState From(DomainState state) => state switch
    {
        DomainState.Running or DomainState.Blocked => PowerState.Running,
        DomainState.Paused => PowerState.Paused,
        DomainState.Shutdown or DomainState.Shutoff => PowerState.Shutdown,
        DomainState.Crashed => PowerState.Crashed,
        DomainState.PmSuspended => PowerState.Suspended,
        _ => PowerState.NoState,
    };
}
