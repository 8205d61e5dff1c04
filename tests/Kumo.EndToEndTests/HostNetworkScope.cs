using Kumo.Common.Processes;
using Kumo.Deployment.Configuration;
using Kumo.Network.Agent.Dhcp;
using Kumo.Network.Agent.Firewall;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Kumo.OsVif.Ovs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.EndToEndTests;

/// <summary>
/// The network agent's host state for one test: its own integration bridge and chain prefix (so other
/// runs' ports and chains are never seen, nor removed), and the cleanup of what the agent leaves on
/// purpose at stop (bridge, chains) or a failure left (a network's namespace), also when the cloud never
/// came up. Network names and prefixes stay within IFNAMSIZ (15) and NetworkAgent:ChainPrefix (10).
/// </summary>
public sealed class HostNetworkScope
{
    private readonly HostToolRunner _tools = new(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
    private readonly List<Guid> _networks = [];

    public HostNetworkScope()
    {
        HostNetworkFactAttribute.EnsureAvailable();
        var id = Guid.NewGuid().ToString("N")[..6];
        Bridge = "kbi" + id;
        ChainPrefix = "ke" + id;
    }

    public string Bridge { get; }

    public string ChainPrefix { get; }

    /// <summary>For <see cref="LibvirtCloud.StartAsync"/>: the agent on, on this scope's bridge and chains.</summary>
    public void Configure(KumoOptions options)
    {
        options.NetworkAgent.Enabled = true;
        options.Ovs.IntegrationBridge = Bridge;
        options.NetworkAgent.ChainPrefix = ChainPrefix;
    }

    /// <summary>A network the test made: its qdhcp namespace goes at cleanup if the test did not get to delete it.</summary>
    public void Track(Guid networkId) => _networks.Add(networkId);

    /// <summary>After the cloud stopped (its dnsmasq processes end with it): chains, namespaces, the bridge.</summary>
    public async Task CleanupAsync()
    {
        // A new driver reads this prefix's chains from iptables-save, so it removes them also when the agent never ran.
        await new IptablesFirewallDriver(new IptablesManager(_tools), new IptablesChainNames(ChainPrefix), NullLogger<IptablesFirewallDriver>.Instance)
            .RemoveAllAsync();
        var netns = new IpNetns(_tools);
        foreach (var networkId in _networks)
        {
            await netns.DeleteAsync(DhcpNames.Namespace(networkId));
        }
        await new OvsVsctl(_tools).DeleteBridgeAsync(Bridge);
    }
}
