using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kumo.Network.Agent.Firewall;

namespace Kumo.EndToEndTests;

/// <summary>
/// Networking as a whole on the real host: the Neutron API, the network agent (OVS, iptables, dnsmasq),
/// the hybrid plug and Nova's wait for network-vif-plugged, with a real guest asking for its address by DHCP.
/// The integration bridge and chain prefix are this test's own (<see cref="HostNetworkScope"/>).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class GuestNetworkTests
{
    [HostNetworkFact]
    public async Task A_server_on_a_network_gets_its_port_address_by_dhcp_and_delete_leaves_no_vif_device_behind()
    {
        var scope = new HostNetworkScope();
        LibvirtCloud? e2e = null;
        try
        {
            e2e = await LibvirtCloud.StartAsync(scope.Configure);
            await BootDhcpDeleteAsync(e2e, scope);
        }
        finally
        {
            if (e2e is not null)
            {
                await e2e.DisposeAsync();
            }
            await scope.CleanupAsync();
        }
    }

    private static async Task BootDhcpDeleteAsync(LibvirtCloud e2e, HostNetworkScope scope)
    {
        var agent = e2e.Host.NetworkAgent.Agent!;
        var client = await e2e.AdminClientAsync();
        var name = "e2e-net-" + scope.Bridge;
        var networkId = (string)(await client.PostResourceAsync("/network/v2.0/networks", "network", new JsonObject { ["name"] = name }))["id"]!;
        scope.Track(Guid.Parse(networkId));
        await client.PostResourceAsync("/network/v2.0/subnets", "subnet", new JsonObject
        {
            ["network_id"] = networkId,
            ["cidr"] = "10.77.3.0/24",
            ["ip_version"] = 4,
            ["name"] = name,
        });

        var serverId = await client.CreateServerOnNetworkAsync(name, e2e.Image.Id, networkId);
        // ACTIVE means the guest was resumed: network-vif-plugged went agent -> server -> notifier -> compute.
        var server = await client.WaitForAsync(serverId, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null,
            "settle", LibvirtCloud.BootTimeout);
        Assert.True((string?)server["status"] == "ACTIVE", $"the server settled {server["status"]}: {server["fault"]?.ToJsonString()}");

        var port = await SinglePortAsync(client, serverId);
        var portId = Guid.Parse((string)port["id"]!);
        var fixedIp = (string)port["fixed_ips"]![0]!["ip_address"]!;
        Assert.Equal("ACTIVE", (string?)port["status"]);
        Assert.Equal(e2e.Options.Compute.Host, (string?)port["binding:host_id"]);
        Assert.Equal("ovs", (string?)port["binding:vif_type"]);
        Assert.Equal([fixedIp], server["addresses"]![name]!.AsArray().Select(a => (string)a!["addr"]!));

        // The guest's own word: udhcpc got the port's address from the network's dnsmasq.
        var console = await client.WaitForConsoleAsync(serverId, "KUMO-GUEST-NET", LibvirtCloud.BootTimeout);
        var line = console.Split('\n').First(l => l.Contains("KUMO-GUEST-NET", StringComparison.Ordinal)).Trim();
        Assert.Equal($"KUMO-GUEST-NET ip={fixedIp}", line[line.IndexOf("KUMO-GUEST-NET", StringComparison.Ordinal)..]);
        var suffix = IptablesChainNames.Suffix(portId);
        var during = await agent.Inventory.ListAsync();
        Assert.Equal(["iptables-chain", "iptables-chain", "iptables-chain", "ovs-port", "qbr", "qvb", "qvo", "tap"],
            during.Where(r => r.Name.EndsWith(suffix, StringComparison.Ordinal)).Select(r => r.Kind).Order());

        await ServerRequests.DeleteAsync(client, serverId);

        var after = await agent.Inventory.ListAsync();
        Assert.Empty(after.Where(r => r.Name.EndsWith(suffix, StringComparison.Ordinal) || r.PortId == portId || r.InstanceUuid == serverId)
            .Select(r => $"{r.Kind} {r.Name}"));
        // Only this test's own can be judged: the bridge's ports, the prefix's chains, the network's DHCP
        // (device links and dnsmasq processes of other runs on this host are listed too).
        Assert.Empty(after.Where(r => r.Orphaned && (r.Kind is "ovs-port" or "iptables-chain" || r.NetworkId == Guid.Parse(networkId)))
            .Select(r => $"{r.Kind} {r.Name}"));
        using var ports = await client.GetAsync($"/network/v2.0/ports?device_id={serverId}");
        Assert.Empty((await ports.Content.ReadFromJsonAsync<JsonObject>())!["ports"]!.AsArray());
        using var deleted = await client.DeleteAsync($"/network/v2.0/networks/{networkId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private static async Task<JsonObject> SinglePortAsync(HttpClient client, Guid serverId)
    {
        using var response = await client.GetAsync($"/network/v2.0/ports?device_id={serverId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single((await response.Content.ReadFromJsonAsync<JsonObject>())!["ports"]!.AsArray())!.AsObject();
    }
}
