using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Network;

public sealed class SubnetsTests(NetworkCloud fixture) : IClassFixture<NetworkCloud>
{
    private ApiCloud Cloud => fixture.Cloud;

    [Fact]
    public async Task A_subnet_gets_the_first_address_as_gateway_and_the_rest_as_its_pool()
    {
        var client = await Cloud.ClientAsync("sub-a", "sub-alice");
        var network = await client.NetworkAsync("n");
        var subnet = await client.SubnetAsync(network, "10.1.0.0/24", new JsonObject { ["dns_nameservers"] = new JsonArray("10.1.0.53") });
        Assert.Equal("10.1.0.1", (string?)subnet["gateway_ip"]);
        Assert.Equal("""[{"start":"10.1.0.2","end":"10.1.0.254"}]""", subnet["allocation_pools"]!.ToJsonString());
        Assert.True((bool)subnet["enable_dhcp"]!);
        Assert.Equal(4, (int)subnet["ip_version"]!);
        Assert.Equal("""["10.1.0.53"]""", subnet["dns_nameservers"]!.ToJsonString());
        var (_, body) = await client.NGetAsync($"/networks/{network["id"]}");
        Assert.Equal([(string)subnet["id"]!], body!["network"]!["subnets"]!.AsArray().Select(s => (string)s!));

        var (status, updated) = await client.NPutAsync($"/subnets/{subnet["id"]}", new JsonObject { ["subnet"] = new JsonObject { ["enable_dhcp"] = false, ["name"] = "quiet" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool)updated!["subnet"]!["enable_dhcp"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.NDeleteAsync($"/subnets/{subnet["id"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.NGetAsync($"/subnets/{subnet["id"]}")).Status);
    }

    [Fact]
    public async Task A_gateway_in_the_middle_splits_the_default_pool_and_no_gateway_keeps_it_whole()
    {
        var client = await Cloud.ClientAsync("sub-g", "sub-gus");
        var network = await client.NetworkAsync("n");
        var middle = await client.SubnetAsync(network, "10.2.0.0/28", new JsonObject { ["gateway_ip"] = "10.2.0.5" });
        Assert.Equal("""[{"start":"10.2.0.1","end":"10.2.0.4"},{"start":"10.2.0.6","end":"10.2.0.14"}]""", middle["allocation_pools"]!.ToJsonString());
        var none = await client.SubnetAsync(network, "10.3.0.0/29", new JsonObject { ["gateway_ip"] = null });
        Assert.Null(none["gateway_ip"]);
        Assert.Equal("""[{"start":"10.3.0.1","end":"10.3.0.6"}]""", none["allocation_pools"]!.ToJsonString());
    }

    [Fact]
    public async Task Overlapping_subnets_on_one_network_are_refused_and_on_two_networks_allowed()
    {
        var client = await Cloud.ClientAsync("sub-ov", "sub-ove");
        var network = await client.NetworkAsync("n");
        await client.SubnetAsync(network, "10.8.0.0/24");
        var (status, body) = await client.NPostAsync("/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = (string)network["id"]!, ["cidr"] = "10.8.0.128/25", ["ip_version"] = 4 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("overlaps with another subnet", body.NeutronError().Message);
        Assert.Single(await client.IdsAsync($"/subnets?network_id={network["id"]}", "subnets"));
        await client.SubnetAsync(await client.NetworkAsync("m"), "10.8.0.0/24");
    }

    public static TheoryData<string, JsonObject, HttpStatusCode, string, string> BadSubnets => new()
    {
        { "10.5.0.0/33", new JsonObject(), HttpStatusCode.BadRequest, "InvalidInput", "Invalid input for cidr" },
        { "10.5.0.7/24", new JsonObject(), HttpStatusCode.BadRequest, "InvalidInput", "'10.5.0.0/24' is recommended" },
        { "banana", new JsonObject(), HttpStatusCode.BadRequest, "InvalidInput", "'banana' is not a valid IP subnet" },
        { "10.5.0.0/24", new JsonObject { ["ip_version"] = 6 }, HttpStatusCode.BadRequest, "BadRequest", "ip_version 6" },
        { "10.5.0.0/24", new JsonObject { ["allocation_pools"] = Pools(("10.5.0.10", "10.5.0.50"), ("10.5.0.40", "10.5.0.60")) }, HttpStatusCode.BadRequest, "OverlappingAllocationPools", "overlapping" },
        { "10.5.0.0/24", new JsonObject { ["allocation_pools"] = Pools(("10.5.0.1", "10.5.0.50")) }, HttpStatusCode.Conflict, "GatewayConflictWithAllocationPools", "Gateway ip 10.5.0.1 conflicts" },
        { "10.5.0.0/24", new JsonObject { ["allocation_pools"] = Pools(("10.5.0.200", "10.5.1.10")) }, HttpStatusCode.BadRequest, "OutOfBoundsAllocationPool", "spans beyond" },
        { "10.5.0.0/24", new JsonObject { ["allocation_pools"] = Pools(("10.5.0.50", "10.5.0.10")) }, HttpStatusCode.BadRequest, "InvalidAllocationPool", "10.5.0.50-10.5.0.10" },
        { "10.5.0.0/24", new JsonObject { ["gateway_ip"] = "10.6.0.1" }, HttpStatusCode.BadRequest, "BadRequest", "not in the subnet" },
        { "10.5.0.0/24", new JsonObject { ["dns_nameservers"] = new JsonArray("dns.example") }, HttpStatusCode.BadRequest, "InvalidInput", "dns_nameservers" },
        { "10.5.0.0/24", new JsonObject { ["host_routes"] = new JsonArray(new JsonObject { ["destination"] = "10.9.0.0/16" }) }, HttpStatusCode.BadRequest, "InvalidInput", "nexthop" },
    };

    [Theory]
    [MemberData(nameof(BadSubnets))]
    public async Task Bad_subnets_are_refused_with_Neutrons_error_and_nothing_is_created(string cidr, JsonObject extra, HttpStatusCode code, string type, string message)
    {
        var client = await Cloud.ClientAsync("sub-bad", "sub-bert");
        var network = await client.NetworkAsync("bad-" + Guid.NewGuid().ToString("N")[..6]);
        var attributes = new JsonObject { ["network_id"] = (string)network["id"]!, ["cidr"] = cidr, ["ip_version"] = 4 };
        foreach (var (key, value) in extra)
        {
            attributes[key] = value?.DeepClone();
        }
        var (status, body) = await client.NPostAsync("/subnets", new JsonObject { ["subnet"] = attributes });
        Assert.Equal(code, status);
        var error = body.NeutronError();
        Assert.Equal(type, error.Type);
        Assert.Contains(message, error.Message);
        Assert.Empty(await client.IdsAsync($"/subnets?network_id={network["id"]}", "subnets"));
    }

    [Fact]
    public async Task A_subnet_on_another_projects_network_is_404_and_one_in_use_cannot_be_deleted()
    {
        var owner = await Cloud.ClientAsync("sub-o", "sub-olive");
        var other = await Cloud.ClientAsync("sub-x", "sub-xavier");
        var network = await owner.NetworkAsync("mine");
        var (status, body) = await other.NPostAsync("/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject { ["network_id"] = (string)network["id"]!, ["cidr"] = "10.7.0.0/24", ["ip_version"] = 4 },
        });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NetworkNotFound", body.NeutronError().Type);

        var subnet = await owner.SubnetAsync(network, "10.7.0.0/24");
        Assert.Equal(HttpStatusCode.NotFound, (await other.NGetAsync($"/subnets/{subnet["id"]}")).Status);
        await owner.PortAsync(network);
        (status, body) = await owner.NDeleteAsync($"/subnets/{subnet["id"]}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("SubnetInUse", body.NeutronError().Type);
        Assert.Equal(HttpStatusCode.OK, (await owner.NGetAsync($"/subnets/{subnet["id"]}")).Status);
    }

    private static JsonArray Pools(params (string Start, string End)[] pools) =>
        new([.. pools.Select(p => (JsonNode)new JsonObject { ["start"] = p.Start, ["end"] = p.End })]);
}
