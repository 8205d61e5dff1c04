using Kumo.Objects.Errors;

namespace Kumo.Virt.Libvirt.Host;

/// <summary>libvirtd went away and did not answer again within the reconnect timeout; the message names the daemon, the setting and libvirt's last error.</summary>
public sealed class LibvirtUnreachableException(string message, LibvirtException cause) : KumoException(message, cause)
{
    public LibvirtException Cause { get; } = cause;
}
