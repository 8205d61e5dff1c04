using Kumo.OsVif.Host;

namespace Kumo.OsVif.Linux;

/// <summary>
/// ethtool -K DEV tx off. On OVS's netdev (userspace) datapath a veth leaves TX checksums to "hardware"
/// that never computes them: the guest then silently drops DHCP replies with bad UDP checksums (seen and
/// fixed by hand, see environment.md). Both ends of every veth touching OVS get it.
/// </summary>
public sealed class Ethtool(HostToolRunner tools)
{
    public Task TxOffAsync(string device, string? netns = null, CancellationToken cancellationToken = default) =>
        netns is null
            ? tools.RunAsync(HostTools.Ethtool, ["-K", device, "tx", "off"], cancellationToken)
            : tools.RunAsync(HostTools.Ip, ["netns", "exec", netns, HostTools.Ethtool, "-K", device, "tx", "off"], cancellationToken);

    /// <summary>True when the device computes its own TX checksums in software ("tx-checksumming: off").</summary>
    public async Task<bool> IsTxOffAsync(string device, string? netns = null, CancellationToken cancellationToken = default)
    {
        var output = netns is null
            ? await tools.RunAsync(HostTools.Ethtool, ["-k", device], cancellationToken)
            : await tools.RunAsync(HostTools.Ip, ["netns", "exec", netns, HostTools.Ethtool, "-k", device], cancellationToken);
        return output.Split('\n').Any(l => l.Trim().StartsWith("tx-checksumming: off", StringComparison.Ordinal));
    }
}
