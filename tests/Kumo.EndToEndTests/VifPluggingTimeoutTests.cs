using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kumo.Common.Processes;
using Kumo.Objects.Network;
using Kumo.OsVif.Host;
using Kumo.OsVif.Linux;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.EndToEndTests;

/// <summary>
/// The libvirt side of a port that is never reported up: the network agent is off, so the hybrid plug
/// and the paused domain happen but no network-vif-plugged ever comes. Fatal: ERROR once
/// vif_plugging_timeout (3 s here) passed, with a fault naming the port, and the domain, the VIF
/// devices, the port, the allocation and the instance directory all gone. Not fatal: the paused guest
/// is resumed and ACTIVE. The integration bridge is this test's own (<see cref="HostNetworkScope"/>).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class VifPluggingTimeoutTests
{
    private static readonly TimeSpan VifTimeout = TimeSpan.FromSeconds(3);
    private readonly IpLink _ip = new(new HostToolRunner(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance)));

    [HostNetworkFact]
    public Task Fatal_with_the_agent_off_the_build_fails_naming_the_port_and_leaves_nothing() =>
        WithCloudAsync(fatal: true, async (e2e, client, networkId, name) =>
        {
            var id = await client.CreateServerOnNetworkAsync(name, e2e.Image.Id, networkId);
            var server = await client.WaitForAsync(id, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null,
                "settle", LibvirtCloud.BootTimeout);
            Assert.True((string?)server["status"] == "ERROR", $"the server settled {server["status"]}, not ERROR");
            var message = (string)server["fault"]!["message"]!;
            Assert.Contains("within 3 s (vif_plugging_timeout)", message);
            var port = Guid.Parse(PortInMessage().Match(message).Groups[1].Value);

            Assert.False(LibvirtCloud.DomainExists(id));
            Assert.False(Directory.Exists(Path.Combine(e2e.InstancesPath, id.ToString())));
            Assert.Empty(await ExistingDevicesAsync(port));
            using var shown = await client.GetAsync($"/network/v2.0/ports/{port}");
            Assert.Equal(HttpStatusCode.NotFound, shown.StatusCode);
            Assert.Empty(await e2e.Stores.Placement.GetAllocationsAsync(id));
            await ServerRequests.DeleteAsync(client, id);
        });

    [HostNetworkFact]
    public Task Not_fatal_with_the_agent_off_the_guest_is_resumed_and_active() =>
        WithCloudAsync(fatal: false, async (e2e, client, networkId, name) =>
        {
            var id = await client.CreateServerOnNetworkAsync(name, e2e.Image.Id, networkId);
            var server = await client.WaitForAsync(id, s => (string?)s["status"] is "ACTIVE" or "ERROR" && s["OS-EXT-STS:task_state"] is null,
                "settle", LibvirtCloud.BootTimeout);
            Assert.True((string?)server["status"] == "ACTIVE", $"the server settled {server["status"]}: {server["fault"]?.ToJsonString()}");
            Assert.Equal(1, (int)server["OS-EXT-STS:power_state"]!); // running: resumed from the paused start
            using var ports = await client.GetAsync($"/network/v2.0/ports?device_id={id}");
            var port = Assert.Single((await ports.Content.ReadFromJsonAsync<JsonObject>())!["ports"]!.AsArray())!;
            Assert.Equal("DOWN", (string?)port["status"]);
            var portId = Guid.Parse((string)port["id"]!);
            Assert.Equal(4, (await ExistingDevicesAsync(portId)).Count);

            await ServerRequests.DeleteAsync(client, id);
            Assert.False(LibvirtCloud.DomainExists(id));
            Assert.Empty(await ExistingDevicesAsync(portId));
        });

    private static async Task WithCloudAsync(bool fatal, Func<LibvirtCloud, HttpClient, string, string, Task> body)
    {
        var scope = new HostNetworkScope();
        LibvirtCloud? e2e = null;
        try
        {
            e2e = await LibvirtCloud.StartAsync(o =>
            {
                scope.Configure(o);
                o.NetworkAgent.Enabled = false;
                o.Compute.VifPluggingTimeout = VifTimeout;
                o.Compute.VifPluggingIsFatal = fatal;
            });
            var client = await e2e.AdminClientAsync();
            var name = "e2e-vif-" + scope.Bridge;
            var networkId = await CreateNetworkAsync(client, name);
            await body(e2e, client, networkId, name);
            using var deleted = await client.DeleteAsync($"/network/v2.0/networks/{networkId}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
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

    private async Task<List<string>> ExistingDevicesAsync(Guid port)
    {
        var found = new List<string>();
        foreach (var device in new[] { HybridPlugNames.Tap(port), HybridPlugNames.Bridge(port), HybridPlugNames.BridgeVeth(port), HybridPlugNames.OvsVeth(port) })
        {
            if (await _ip.ExistsAsync(device))
            {
                found.Add(device);
            }
        }
        return found;
    }

    private static async Task<string> CreateNetworkAsync(HttpClient client, string name)
    {
        using var network = await client.PostAsJsonAsync("/network/v2.0/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = name } });
        Assert.Equal(HttpStatusCode.Created, network.StatusCode);
        var networkId = (string)(await network.Content.ReadFromJsonAsync<JsonObject>())!["network"]!["id"]!;
        using var subnet = await client.PostAsJsonAsync("/network/v2.0/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = networkId, ["cidr"] = "10.77.9.0/24", ["ip_version"] = 4, ["name"] = name },
        });
        Assert.Equal(HttpStatusCode.Created, subnet.StatusCode);
        return networkId;
    }

    [GeneratedRegex("for port\\(s\\) ([0-9a-f-]{36})")]
    private static partial Regex PortInMessage();
}
