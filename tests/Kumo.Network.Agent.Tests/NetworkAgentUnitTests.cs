using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Messaging.Typed;
using Kumo.Network.Agent.Tests.Support;
using Kumo.Network.Rpc;
using Kumo.Objects.Context;
using Kumo.OsVif.Host;
using Kumo.OsVif.Ovs;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Network.Agent.Tests;

/// <summary>`kumo serve` with NetworkAgent:Enabled runs the agent as its own unit on topic network.&lt;host&gt;.</summary>
public sealed class NetworkAgentUnitTests
{
    [HostNetworkFact]
    public async Task Kumo_serve_runs_the_agent_on_its_topic_and_comes_up_without_a_network_server()
    {
        HostNetworkFactAttribute.EnsureAvailable();
        var id = Guid.NewGuid().ToString("N")[..6];
        var stateDir = Path.Combine(Path.GetTempPath(), "kumo-net-tests", "serve-" + id);
        var options = new KumoOptions { StateDir = stateDir, VirtDriver = "fake" };
        options.Compute.Host = "compute-" + id;
        options.Api.PublicUrl = "http://kumo.test";
        // The bootstrap's credential files stay in the test's state (the defaults are the host's /etc ones).
        options.Identity.CloudsYamlPath = Path.Combine(stateDir, "clouds.yaml");
        options.Identity.OpenrcPath = Path.Combine(stateDir, "admin-openrc.sh");
        options.Ovs.IntegrationBridge = "ktu" + id;
        options.NetworkAgent.Enabled = true;
        options.NetworkAgent.ChainPrefix = "ku" + id;
        var ovs = new OvsVsctl(new HostToolRunner(new Kumo.Common.Processes.ProcessCommandRunner(NullLogger<Kumo.Common.Processes.ProcessCommandRunner>.Instance)));
        KumoHost? host = null;
        try
        {
            host = await KumoHost.StartAsync(options, NullLoggerFactory.Instance, new KumoHost.Overrides(ConfigureWebHost: web => web.UseTestServer()));
            // No network server in this host (the agent's DHCP sync keeps retrying): the host still came up.
            Assert.NotNull(host.NetworkAgent.Agent);
            Assert.True(await ovs.BridgeExistsAsync(options.Ovs.IntegrationBridge), "the agent did not make the integration bridge");
            Assert.Equal(Path.Combine(stateDir, "dhcp"), options.NetworkAgent.DhcpConfsPath);
            // The unit consumes network.<host>: a cast for a port it does not have is taken and ignored.
            await host.Shared.Bus.CastAsync(AgentMethods.Topic(options.Compute.Host), AgentMethods.PortUpdate, RequestContext.Admin(), new PortsChanged([Guid.NewGuid()]));
        }
        finally
        {
            if (host?.NetworkAgent.Agent is { } agent)
            {
                await agent.Firewall.RemoveAllAsync();
            }
            if (host is not null)
            {
                await host.DisposeAsync();
            }
            await ovs.DeleteBridgeAsync(options.Ovs.IntegrationBridge);
            if (Directory.Exists(stateDir))
            {
                Directory.Delete(stateDir, recursive: true);
            }
        }
    }

    [Fact]
    public void The_network_server_describes_the_bridge_and_datapath_this_host_plugs_into()
    {
        // Vif.Bridge is what libvirt plugs a plain-OVS port's tap into: it must be the bridge the agent watches.
        var options = new KumoOptions();
        options.Ovs.IntegrationBridge = "br-kumo-test";
        options.Ovs.DatapathType = "system";

        options.Normalize();

        Assert.Equal("br-kumo-test", options.Network.IntegrationBridge);
        Assert.Equal("system", options.Network.DatapathType);
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_naming_the_key()
    {
        var options = new KumoOptions();
        options.Ovs.DatapathType = "kernel";
        var bad = Assert.Throws<InvalidConfigurationException>(options.Normalize);
        Assert.Contains("Ovs:DatapathType", bad.Message);

        options = new KumoOptions();
        options.NetworkAgent.ChainPrefix = "much-too-long-prefix";
        bad = Assert.Throws<InvalidConfigurationException>(options.Normalize);
        Assert.Contains("NetworkAgent:ChainPrefix", bad.Message);
    }
}
