using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Network;

public sealed partial class PortsTests(NetworkCloud fixture) : IClassFixture<NetworkCloud>
{
    private ApiCloud Cloud => fixture.Cloud;

    [GeneratedRegex("^fa:16:3e(:[0-9a-f]{2}){3}$")]
    private static partial Regex NeutronMac();

    [Fact]
    public async Task A_port_gets_a_neutron_mac_an_address_the_default_group_and_is_down_until_wired()
    {
        var client = await Cloud.ClientAsync("port-a", "port-alice");
        var network = await client.NetworkAsync("n");
        var subnet = await client.SubnetAsync(network, "10.10.0.0/24");
        var port = await client.PortAsync(network, new JsonObject { ["name"] = "p1" });
        Assert.Matches(NeutronMac(), (string)port["mac_address"]!);
        Assert.Equal("DOWN", (string?)port["status"]);
        Assert.Equal($$"""[{"subnet_id":"{{subnet["id"]}}","ip_address":"10.10.0.2"}]""", port["fixed_ips"]!.ToJsonString());
        Assert.True((bool)port["port_security_enabled"]!);
        Assert.False(port.AsObject().ContainsKey("binding:host_id"), "binding:host_id is the admin's to see");
        var groups = (await client.NGetAsync("/security-groups?name=default")).Body!["security_groups"]!.AsArray();
        Assert.Equal([(string)groups.Single()!["id"]!], port["security_groups"]!.AsArray().Select(g => (string)g!));

        var second = await client.PortAsync(network, new JsonObject { ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.10.0.77" }) });
        Assert.Equal("10.10.0.77", (string?)second["fixed_ips"]![0]!["ip_address"]);
        var (_, list) = await client.NGetAsync("/ports?fixed_ips=ip_address%3D10.10.0.77");
        Assert.Equal([(string)second["id"]!], list!["ports"]!.AsArray().Select(p => (string)p!["id"]!));
    }

    [Fact]
    public async Task The_admin_binds_a_port_and_sees_the_ovs_hybrid_binding()
    {
        var admin = await Cloud.AdminClientAsync();
        var network = await admin.NetworkAsync("bound");
        await admin.SubnetAsync(network, "10.11.0.0/24");
        var port = await admin.PortAsync(network);
        Assert.Equal("unbound", (string?)port["binding:vif_type"]);
        Assert.Equal("{}", port["binding:vif_details"]!.ToJsonString());
        var (status, body) = await admin.NPutAsync($"/ports/{port["id"]}", new JsonObject
        {
            ["port"] = new JsonObject { ["binding:host_id"] = "compute-9", ["device_id"] = "vm-1", ["device_owner"] = "compute:nova" },
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var bound = body!["port"]!;
        Assert.Equal("ovs", (string?)bound["binding:vif_type"]);
        Assert.Equal("compute-9", (string?)bound["binding:host_id"]);
        Assert.True((bool)bound["binding:vif_details"]!["port_filter"]!);
        Assert.True((bool)bound["binding:vif_details"]!["ovs_hybrid_plug"]!);
        Assert.Equal("netdev", (string?)bound["binding:vif_details"]!["datapath_type"]);

        var member = await Cloud.ClientAsync("port-m", "port-mo");
        var mine = await member.NetworkAsync("m");
        (status, body) = await member.NPostAsync("/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = (string)mine["id"]!, ["binding:host_id"] = "compute-9" } });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Empty(await member.IdsAsync("/ports", "ports"));
    }

    [Fact]
    public async Task Addresses_in_use_outside_the_subnet_or_on_a_foreign_subnet_are_refused_and_nothing_is_created()
    {
        var client = await Cloud.ClientAsync("port-ip", "port-ivan");
        var network = await client.NetworkAsync("n");
        var subnet = await client.SubnetAsync(network, "10.12.0.0/24");
        var other = await client.SubnetAsync(await client.NetworkAsync("o"), "10.13.0.0/24");
        await client.PortAsync(network, new JsonObject { ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.12.0.9" }) });
        var before = await client.IdsAsync("/ports", "ports");

        async Task Refused(JsonObject fixedIp, HttpStatusCode code, string type, string message)
        {
            var (status, body) = await client.NPostAsync("/ports", new JsonObject
            {
                ["port"] = new JsonObject { ["network_id"] = (string)network["id"]!, ["fixed_ips"] = new JsonArray(fixedIp) },
            });
            Assert.Equal(code, status);
            var error = body.NeutronError();
            Assert.Equal(type, error.Type);
            Assert.Contains(message, error.Message);
        }

        await Refused(new JsonObject { ["ip_address"] = "10.12.0.9" }, HttpStatusCode.Conflict, "IpAddressAlreadyAllocated", $"IP address 10.12.0.9 already allocated in subnet {subnet["id"]}");
        await Refused(new JsonObject { ["ip_address"] = "10.99.0.9" }, HttpStatusCode.BadRequest, "InvalidIpForNetwork", "not a valid IP for any of the subnets");
        await Refused(new JsonObject { ["subnet_id"] = (string)subnet["id"]!, ["ip_address"] = "10.13.0.9" }, HttpStatusCode.BadRequest, "InvalidIpForSubnet", "10.13.0.9 is not a valid IP for the specified subnet");
        await Refused(new JsonObject { ["subnet_id"] = (string)other["id"]! }, HttpStatusCode.BadRequest, "BadRequest", "invalid subnet");
        await Refused(new JsonObject { ["ip_address"] = "10.12.0.1" }, HttpStatusCode.BadRequest, "InvalidIpForSubnet", "10.12.0.1");
        await Refused(new JsonObject { ["ip_address"] = "ten" }, HttpStatusCode.BadRequest, "InvalidInput", "'ten' is not a valid IP address");
        Assert.Equal(before, await client.IdsAsync("/ports", "ports"));
    }

    [Fact]
    public async Task Bulk_create_is_atomic_one_bad_port_creates_none_and_frees_no_address_twice()
    {
        var client = await Cloud.ClientAsync("port-bulk", "port-bea");
        var network = await client.NetworkAsync("n");
        await client.SubnetAsync(network, "10.14.0.0/24");
        var id = (string)network["id"]!;
        var (status, body) = await client.NPostAsync("/ports", new JsonObject
        {
            ["ports"] = new JsonArray(
                new JsonObject { ["network_id"] = id, ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.14.0.20" }) },
                new JsonObject { ["network_id"] = id, ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.14.0.20" }) }),
        });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("IpAddressAlreadyAllocated", body.NeutronError().Type);
        Assert.Empty(await client.IdsAsync("/ports", "ports"));
        var port = await client.PortAsync(network, new JsonObject { ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = "10.14.0.20" }) });
        Assert.Equal("10.14.0.20", (string?)port["fixed_ips"]![0]!["ip_address"]);

        (status, body) = await client.NPostAsync("/ports", new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["network_id"] = id, ["name"] = "x" }, new JsonObject { ["network_id"] = id, ["name"] = "y" }),
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, body!["ports"]!.AsArray().Select(p => (string)p!["fixed_ips"]![0]!["ip_address"]!).Distinct().Count());
    }

    [Fact]
    public async Task Port_security_off_refuses_groups_and_a_deleted_port_frees_its_address()
    {
        var client = await Cloud.ClientAsync("port-sec", "port-sam");
        var network = await client.NetworkAsync("n");
        await client.SubnetAsync(network, "10.15.0.0/24");
        var group = await client.CreateAsync("/security-groups", "security_group", new JsonObject { ["name"] = "web" });
        var (status, body) = await client.NPostAsync("/ports", new JsonObject
        {
            ["port"] = new JsonObject
            {
                ["network_id"] = (string)network["id"]!,
                ["port_security_enabled"] = false,
                ["security_groups"] = new JsonArray((string)group["id"]!),
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("PortSecurityAndIPRequiredForSecurityGroups", body.NeutronError().Type);
        Assert.Empty(await client.IdsAsync("/ports", "ports"));

        var open = await client.PortAsync(network, new JsonObject { ["port_security_enabled"] = false });
        Assert.Empty(open["security_groups"]!.AsArray());
        var address = (string)open["fixed_ips"]![0]!["ip_address"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await client.NDeleteAsync($"/ports/{open["id"]}")).Status);
        var again = await client.PortAsync(network, new JsonObject { ["fixed_ips"] = new JsonArray(new JsonObject { ["ip_address"] = address }) });
        Assert.Equal(address, (string?)again["fixed_ips"]![0]!["ip_address"]);
    }

    [Fact]
    public async Task Another_projects_port_is_404()
    {
        var owner = await Cloud.ClientAsync("port-o", "port-otto");
        var other = await Cloud.ClientAsync("port-x", "port-xena");
        var port = await owner.PortAsync(await owner.NetworkAsync("n"));
        var (status, body) = await other.NGetAsync($"/ports/{port["id"]}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(("PortNotFound", $"Port {port["id"]} could not be found."), body.NeutronError());
        Assert.Equal(HttpStatusCode.NotFound, (await other.NDeleteAsync($"/ports/{port["id"]}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.NGetAsync($"/ports/{port["id"]}")).Status);
    }
}
