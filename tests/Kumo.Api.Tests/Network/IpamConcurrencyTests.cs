using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Network;

public sealed class IpamConcurrencyTests : ApiCloudTest
{
    [Fact]
    public async Task Two_hundred_ports_created_in_parallel_get_distinct_addresses_and_the_next_gets_409_with_nothing_created()
    {
        var client = await Cloud.ClientAsync("ipam", "ipam-ida");
        var network = await client.NetworkAsync("full");
        // A /24 whose pool holds exactly 200 addresses: the 200 ports fill it.
        await client.SubnetAsync(network, "10.20.0.0/24", new JsonObject
        {
            ["allocation_pools"] = new JsonArray(new JsonObject { ["start"] = "10.20.0.10", ["end"] = "10.20.0.209" }),
        });
        var id = (string)network["id"]!;
        var creates = Enumerable.Range(0, 200).Select(async i =>
        {
            var (status, body) = await client.NPostAsync("/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = id, ["name"] = $"p{i}" } });
            Assert.True(status == HttpStatusCode.Created, $"port {i}: {(int)status} {body?.ToJsonString()}");
            return (string)body!["port"]!["fixed_ips"]![0]!["ip_address"]!;
        });
        var addresses = await Task.WhenAll(creates);
        Assert.Equal(200, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.StartsWith("10.20.0.", a));

        var (full, error) = await client.NPostAsync("/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = id } });
        Assert.Equal(HttpStatusCode.Conflict, full);
        Assert.Equal(("IpAddressGenerationFailure", $"No more IP addresses available on network {id}."), error.NeutronError());
        Assert.Equal(200, (await client.IdsAsync($"/ports?network_id={id}", "ports")).Length);
    }
}
