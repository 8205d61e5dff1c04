using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Common.Processes;
using Kumo.Network.Agent;
using Kumo.Network.Agent.Firewall;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.EndToEndTests.FaultInjection;

/// <summary>
/// The network agent (OVS wiring, iptables firewall, DHCP) stopped while a server on a network is
/// deleted, through the real flow. Nova and Neutron behave the same way here and this proves Kumo does
/// no worse: the delete does not need the agent (compute unplugs the hybrid plug itself through os-vif
/// and the network server deletes the port), and the agent removes what only it owns (the port's
/// iptables chains, its dnsmasq host entry) when it starts again. Followed by the inventory check.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class NetworkAgentDownTests
{
    [HostNetworkFact]
    public async Task A_delete_while_the_agent_is_down_completes_and_the_agent_cleans_its_side_when_back()
    {
        var scope = new HostNetworkScope();
        LibvirtCloud? e2e = null;
        var restarted = new List<NetworkAgent>();
        try
        {
            e2e = await LibvirtCloud.StartAsync(scope.Configure);
            await DeleteWhileAgentIsDownAsync(e2e, scope, restarted);
        }
        finally
        {
            foreach (var agent in restarted)
            {
                await agent.DisposeAsync();
            }
            if (e2e is not null)
            {
                await e2e.DisposeAsync();
            }
            await scope.CleanupAsync();
        }
    }

    private static async Task DeleteWhileAgentIsDownAsync(LibvirtCloud e2e, HostNetworkScope scope, List<NetworkAgent> restarted)
    {
        var first = e2e.Host.NetworkAgent.Agent!;
        var client = await e2e.AdminClientAsync();
        var name = "e2e-agent-" + scope.Bridge;
        var networkId = (string)(await client.PostResourceAsync("/network/v2.0/networks", "network", new JsonObject { ["name"] = name }))["id"]!;
        scope.Track(Guid.Parse(networkId));
        await client.PostResourceAsync("/network/v2.0/subnets", "subnet", new JsonObject
        {
            ["network_id"] = networkId, ["cidr"] = "10.77.5.0/24", ["ip_version"] = 4, ["name"] = name,
        });
        var serverId = await client.CreateServerOnNetworkAsync(name, e2e.Image.Id, networkId);
        var server = await client.WaitForAsync(serverId, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null,
            "settle", LibvirtCloud.BootTimeout);
        Assert.True((string?)server["status"] == "ACTIVE", server.ToJsonString());
        var projectId = (await e2e.Stores.Instances.GetAsync(serverId)).ProjectId;
        using var listed = await client.GetAsync($"/network/v2.0/ports?device_id={serverId}");
        var port = Assert.Single((await listed.Content.ReadFromJsonAsync<JsonObject>())!["ports"]!.AsArray())!;
        var portId = Guid.Parse((string)port["id"]!);
        var mac = (string)port["mac_address"]!;
        var hostsFile = Path.Combine(e2e.Options.NetworkAgent.DhcpConfsPath, networkId, "host");
        await first.DhcpSynced;
        await WaitUntilAsync(async () => File.Exists(hostsFile) && (await File.ReadAllTextAsync(hostsFile)).Contains(mac, StringComparison.Ordinal),
            "the port's dnsmasq host entry");
        var suffix = IptablesChainNames.Suffix(portId);
        Assert.Equal(3, (await first.Inventory.ListAsync()).Count(r => r.Kind == "iptables-chain" && r.Name.EndsWith(suffix, StringComparison.Ordinal)));

        await e2e.Host.NetworkAgent.StopAsync(CancellationToken.None);
        using (var response = await client.DeleteAsync($"/compute/v2.1/servers/{serverId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        await WaitUntilAsync(async () => await client.ShowAsync(serverId) is not { } shown
            || ((string?)shown["status"] == "ERROR" ? throw new Xunit.Sdk.XunitException($"the delete failed: {shown.ToJsonString()}") : false),
            "the delete to complete without the agent");

        // Compute's own unplug (os-vif) took the hybrid plug down; only the agent's chains wait for it.
        var down = await first.Inventory.ListAsync();
        Assert.Empty(down.Where(r => r.PortId == portId && r.Kind != "iptables-chain").Select(r => $"{r.Kind} {r.Name}"));
        Assert.Equal(3, down.Count(r => r.Kind == "iptables-chain" && r.Name.EndsWith(suffix, StringComparison.Ordinal)));

        var again = new NetworkAgent(e2e.Options.Compute.Host, e2e.Options.NetworkAgent, e2e.Options.Ovs, e2e.Host.Shared.Bus,
            new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance), NullLoggerFactory.Instance);
        restarted.Add(again);
        await again.StartAsync(CancellationToken.None);
        await again.DhcpSynced;
        await WaitUntilAsync(async () => !(await File.ReadAllTextAsync(hostsFile)).Contains(mac, StringComparison.Ordinal), "the host entry to go");

        var after = await again.Inventory.ListAsync();
        Assert.Empty(after.Where(r => r.Name.EndsWith(suffix, StringComparison.Ordinal) || r.PortId == portId || r.InstanceUuid == serverId)
            .Select(r => $"{r.Kind} {r.Name}"));
        Assert.Empty(after.Where(r => r.Orphaned && (r.Kind is "ovs-port" or "iptables-chain" || r.NetworkId == Guid.Parse(networkId)))
            .Select(r => $"{r.Kind} {r.Name}"));
        await LeftoverCheck.AssertDeletedAsync(e2e, serverId, projectId);
        using var deleted = await client.DeleteAsync($"/network/v2.0/networks/{networkId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
