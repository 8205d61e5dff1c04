using Kumo.Objects.Errors;
using Kumo.Virt.Libvirt.Host;

namespace Kumo.Virt.Libvirt.Driver;

/// <summary>
/// libvirtd did not answer within the driver's wait at start-up (Nova's HypervisorUnavailable): the
/// compute service cannot run, and the message says what to do.
/// </summary>
public sealed class HypervisorUnavailableException(string uri, int attempts, TimeSpan waited, LibvirtException cause)
    : KumoException(
        $"libvirtd is not answering on {uri} ({cause.LibvirtMessage}; {attempts} attempts in {waited.TotalSeconds:0} s); "
        + "start it with tools/setup-host.sh, or give it longer with Libvirt:ConnectWaitSeconds.", cause)
{
    public override int Code => 503;
}
