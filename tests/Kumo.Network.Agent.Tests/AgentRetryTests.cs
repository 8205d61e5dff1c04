using Kumo.Messaging.Typed;
using Kumo.Network.Agent.Firewall;
using Kumo.Network.Agent.Tests.Support;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;
using Kumo.OsVif.Host;

namespace Kumo.Network.Agent.Tests;

/// <summary>
/// Work the agent could not do the first time is done later without a new change or a restart: a firewall
/// apply that iptables refused, a DHCP refresh whose server call failed. Before, the first ended the agent's
/// loop (no port wired or unfiltered again) and the second waited for the network's next change.
/// </summary>
public sealed class AgentRetryTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    [HostNetworkFact]
    public async Task A_firewall_apply_iptables_refuses_is_tried_again_and_the_agent_goes_on_wiring_ports()
    {
        await using var host = new TestHost();
        await host.StartAgentAsync();
        var names = new IptablesChainNames(host.AgentOptions.ChainPrefix);
        var group = host.AddSecurityGroup();
        var first = host.AddPort(Guid.NewGuid(), "10.91.0.5", group);
        await host.PlugAsync(first);
        await host.Server.WaitForDeviceUpAsync(first.PortId, Soon);
        Assert.Contains($":{names.Ingress(first.PortId)} ", await SaveAsync(host));

        // Another tool's rule jumps to the port's chain: iptables cannot delete the chain while it is referenced.
        var foreign = "kr" + host.Id;
        await RestoreAsync(host, $"*filter\n:{foreign} - [0:0]\n-A {foreign} -j {names.Ingress(first.PortId)}\nCOMMIT\n");
        try
        {
            await host.Plug.UnplugAsync(TestHost.VifOf(first));
            await host.Server.WaitForDeviceDownAsync(first.PortId, Soon);
            await Wait.UntilAsync(() => Task.FromResult(host.Log.Lines.Any(l => l.Contains("FirewallApply failed", StringComparison.Ordinal))), Soon,
                "the agent to report the refused apply");
        }
        finally
        {
            await RestoreAsync(host, $"*filter\n:{foreign} - [0:0]\n-X {foreign}\nCOMMIT\n");
        }

        // The reference is gone: the next try removes the chains, and the loop still wires new ports.
        await Wait.UntilAsync(async () => !(await SaveAsync(host)).Contains($":{names.Ingress(first.PortId)} ", StringComparison.Ordinal), Soon,
            $"the unplugged port's chains to be removed; the agent said: {host.Log}");
        var second = host.AddPort(Guid.NewGuid(), "10.91.0.6", group);
        await host.PlugAsync(second);
        await host.Server.WaitForDeviceUpAsync(second.PortId, Soon);
        Assert.Contains($":{names.Ingress(second.PortId)} ", await SaveAsync(host));
    }

    [HostNetworkFact]
    public async Task A_dhcp_refresh_whose_server_call_failed_is_tried_again_and_the_deleted_port_loses_its_host_entry()
    {
        await using var host = new TestHost();
        var network = host.AddDhcpNetwork("10.91.5");
        var port = host.AddDhcpPort(network, "10.91.5.10", host.AddSecurityGroup());
        await host.StartAgentAsync();
        await host.Server.WaitForDeviceUpAsync(host.DhcpPortId(network), Soon);
        var hosts = Path.Combine(host.AgentOptions.DhcpConfsPath, network.ToString(), "host");
        Assert.Contains(port.MacAddress, await File.ReadAllTextAsync(hosts));

        // The port is deleted; the agent's read of the network fails once, and no other change follows.
        host.Server.Networks[network] = host.Server.Networks[network] with { Hosts = [] };
        host.Server.FailNetworkInfo(1);
        await host.Bus.CastAsync(AgentMethods.Topic(host.Host), AgentMethods.DhcpNetworkChanged, RequestContext.Admin(), new NetworkChanged(network));

        await Wait.UntilAsync(async () => !(await File.ReadAllTextAsync(hosts)).Contains(port.MacAddress, StringComparison.OrdinalIgnoreCase), Soon,
            $"the deleted port's host entry to go; the agent said: {host.Log}");
        Assert.Contains(host.Log.Lines, l => l.Contains("injected by the test", StringComparison.Ordinal));
    }

    private static Task<string> SaveAsync(TestHost host) => host.Tools.RunAsync(HostTools.IptablesSave, ["-t", "filter"], CancellationToken.None);

    private static Task<string> RestoreAsync(TestHost host, string rules) =>
        host.Tools.RunAsync(HostTools.IptablesRestore, ["-w", "10", "--noflush"], CancellationToken.None, standardInput: rules);
}
