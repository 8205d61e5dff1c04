using Kumo.OsVif.Host;

namespace Kumo.Network.Agent.Firewall;

/// <summary>
/// conntrack -D: ends tracked flows by address (bridged traffic is tracked in the host's namespace, br_netfilter).
/// Without zones per port this also ends flows of an overlapping address on another network: those are re-checked
/// against their own rules at their next packet, and pass again if allowed.
/// </summary>
public sealed class Conntrack(HostToolRunner tools)
{
    public static bool Available => File.Exists(HostTools.Conntrack);

    public async Task FlushAsync(ConntrackFlush flush, CancellationToken cancellationToken)
    {
        foreach (var address in flush.Addresses)
        {
            var family = address.Contains(':', StringComparison.Ordinal) ? "ipv6" : "ipv4";
            // Exit 1 with "0 flow entries have been deleted" is success here: nothing was tracked.
            if (flush.Ingress)
            {
                await tools.TryRunAsync(HostTools.Conntrack, ["-D", "-f", family, "-d", address], cancellationToken);
            }
            if (flush.Egress)
            {
                await tools.TryRunAsync(HostTools.Conntrack, ["-D", "-f", family, "-s", address], cancellationToken);
            }
        }
    }
}
