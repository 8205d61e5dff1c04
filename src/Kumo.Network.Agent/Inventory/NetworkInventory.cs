using Kumo.Network.Agent.Dhcp;
using Kumo.Network.Agent.Firewall;
using Kumo.OsVif;
using Kumo.OsVif.Host;
using Kumo.OsVif.Inventory;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;
using Kumo.OsVif.Probing;
using Kumo.Virt;

namespace Kumo.Network.Agent.Inventory;

/// <summary>
/// What networking holds on this host, each with its owner, read from the host alone (beside a running
/// agent, nothing written): the VIF devices and OVS ports (<see cref="VifInventory"/>), the firewall's
/// per-port chains (owner: the port whose devices carry the same suffix; none → orphan), the qdhcp
/// namespaces and the dnsmasq processes (owner: the network; a namespace without its dnsmasq, or a
/// dnsmasq without its namespace, is an orphan), and the qprobe namespaces of <see cref="NamespaceProbe"/>
/// (owner: the port; orphaned once its OVS port is gone).
/// </summary>
public sealed class NetworkInventory(NetworkAgentOptions options, VifOptions vifOptions, HostToolRunner tools)
{
    public async Task<IReadOnlyList<HostResource>> ListAsync(CancellationToken cancellationToken = default)
    {
        var ip = new IpLink(tools);
        var resources = new List<HostResource>(await new VifInventory(vifOptions, ip, new OvsVsctl(tools)).ListAsync(cancellationToken));
        var portBySuffix = resources.Where(r => r.PortId is not null)
            .GroupBy(r => r.PortId!.Value.ToString("D")[..IptablesChainNames.SuffixLength])
            .ToDictionary(g => g.Key, g => g.First());
        var chains = new IptablesChainNames(options.ChainPrefix);
        var save = File.Exists(HostTools.IptablesSave) ? await new IptablesManager(tools).SaveFilterAsync(cancellationToken) : "";
        foreach (var chain in IptablesManager.Chains(save, options.ChainPrefix + "-"))
        {
            if (chains.PortSuffixOf(chain) is not { } suffix)
            {
                resources.Add(new HostResource("iptables-chain", chain, null));
                continue;
            }
            portBySuffix.TryGetValue(suffix, out var owner);
            resources.Add(new HostResource("iptables-chain", chain, owner?.InstanceUuid) { PortId = owner?.PortId, Orphaned = owner is null });
        }
        var dnsmasqs = DnsmasqProcesses();
        var namespaces = await new IpNetns(tools).ListAsync(cancellationToken);
        var probePorts = resources.Where(r => r.Kind == "ovs-port" && r.PortId is not null).Select(r => r.PortId!.Value).ToHashSet();
        foreach (var ns in namespaces)
        {
            if (DhcpNames.NetworkOfNamespace(ns) is { } networkId)
            {
                resources.Add(new HostResource("netns", ns, null) { NetworkId = networkId, Orphaned = !dnsmasqs.ContainsValue(networkId) });
            }
            else if (NamespaceProbe.PortOfNamespace(ns) is { } probePort)
            {
                resources.Add(new HostResource("netns", ns, null) { PortId = probePort, Orphaned = !probePorts.Contains(probePort) });
            }
        }
        foreach (var (pid, networkId) in dnsmasqs)
        {
            resources.Add(new HostResource("dnsmasq", $"pid {pid}", null)
            {
                NetworkId = networkId,
                Orphaned = !namespaces.Contains(DhcpNames.Namespace(networkId)),
            });
        }
        return resources;
    }

    /// <summary>dnsmasq processes of a Kumo DHCP agent: their --pid-file is &lt;confs&gt;/&lt;network id&gt;/pid.</summary>
    private static Dictionary<int, Guid> DnsmasqProcesses()
    {
        var found = new Dictionary<int, Guid>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || Signals.CommandLine(pid) is not { } cmdline
                || !cmdline.Contains("dnsmasq", StringComparison.Ordinal) || cmdline.StartsWith(HostTools.Ip, StringComparison.Ordinal))
            {
                continue;
            }
            var pidFile = cmdline.Split(' ').FirstOrDefault(a => a.StartsWith("--pid-file=", StringComparison.Ordinal));
            if (pidFile is not null && Guid.TryParse(Path.GetFileName(Path.GetDirectoryName(pidFile["--pid-file=".Length..])), out var networkId))
            {
                found[pid] = networkId;
            }
        }
        return found;
    }
}
