namespace Kumo.Virt.Libvirt.Driver;

/// <summary>
/// The client side's keepalive on each connection to libvirtd (virConnectSetKeepAlive): a probe after
/// <see cref="IntervalSeconds"/> of silence, the connection closed after <see cref="Count"/> unanswered
/// ones, so a daemon that hangs fails the calls in flight within about interval x (count + 1) and they
/// run again on a new connection. <see cref="IntervalSeconds"/> 0 turns it off.
/// </summary>
public readonly record struct LibvirtKeepAlive(int IntervalSeconds, uint Count)
{
    /// <summary>5 s x 5: a daemon silent for 30 s is taken for gone (virsh uses 5 s x 6).</summary>
    public static readonly LibvirtKeepAlive Default = new(5, 5);

    /// <summary>How long a daemon may stay silent before it is taken for gone: interval x (count + 1); null when off.</summary>
    public TimeSpan? SilenceBound => IntervalSeconds > 0 ? TimeSpan.FromSeconds(IntervalSeconds * (Count + 1.0)) : null;
}
