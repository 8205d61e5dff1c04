using Kumo.Objects.Errors;

namespace Kumo.Virt.Events;

/// <summary>
/// Nova's VirtualInterfaceCreateException ("Virtual Interface creation failed"), but saying which
/// ports and why: the fault a user sees when the network service never confirmed a port.
/// </summary>
public sealed class VirtualInterfaceCreateException(string message) : KumoException(message)
{
    public override int Code => 500;

    public static VirtualInterfaceCreateException TimedOut(IEnumerable<string> portIds, TimeSpan timeout, string? host) => new(
        $"Virtual interface creation failed: network-vif-plugged did not arrive within {timeout.TotalSeconds:0.###} s " +
        $"(vif_plugging_timeout) for port(s) {string.Join(", ", portIds)}; the network agent on host {host ?? "(unknown)"} " +
        "never reported the port(s) up.");

    public static VirtualInterfaceCreateException Failed(IEnumerable<string> portIds) => new(
        $"Virtual interface creation failed: the network service reported network-vif-plugged with status failed " +
        $"for port(s) {string.Join(", ", portIds)}.");
}
