using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Network;

public sealed class SecurityGroupsTests(NetworkCloud fixture) : IClassFixture<NetworkCloud>
{
    private ApiCloud Cloud => fixture.Cloud;

    private static JsonObject Rule(JsonNode group, string direction = "ingress", string? protocol = "tcp", int? min = 22, int? max = 22) => new()
    {
        ["security_group_rule"] = new JsonObject
        {
            ["security_group_id"] = (string)group["id"]!,
            ["direction"] = direction,
            ["protocol"] = protocol,
            ["port_range_min"] = min,
            ["port_range_max"] = max,
        },
    };

    [Fact]
    public async Task Every_project_gets_one_default_group_allowing_egress_and_ingress_from_its_members()
    {
        var client = await Cloud.ClientAsync("sg-d", "sg-dan");
        var (_, first) = await client.NGetAsync("/security-groups");
        var (_, second) = await client.NGetAsync("/security-groups");
        var group = first!["security_groups"]!.AsArray().Single()!;
        Assert.Equal((string?)group["id"], (string?)second!["security_groups"]![0]!["id"]);
        Assert.Equal("default", (string?)group["name"]);
        var rules = group["security_group_rules"]!.AsArray().Select(r => ((string)r!["direction"]!, (string)r["ethertype"]!, (string?)r["remote_group_id"])).Order().ToList();
        var self = (string)group["id"]!;
        Assert.Equal([("egress", "IPv4", null), ("egress", "IPv6", null), ("ingress", "IPv4", self), ("ingress", "IPv6", self)], rules);
    }

    [Fact]
    public async Task Rules_are_created_listed_and_deleted_and_a_duplicate_by_name_or_number_is_409_naming_the_rule()
    {
        var client = await Cloud.ClientAsync("sg-r", "sg-rosa");
        var group = await client.CreateAsync("/security-groups", "security_group", new JsonObject { ["name"] = "web", ["description"] = "http" });
        Assert.Equal(2, group["security_group_rules"]!.AsArray().Count);
        var (status, body) = await client.NPostAsync("/security-group-rules", Rule(group));
        Assert.Equal(HttpStatusCode.Created, status);
        var rule = body!["security_group_rule"]!;
        Assert.Equal("tcp", (string?)rule["protocol"]);
        Assert.Equal("IPv4", (string?)rule["ethertype"]);

        (status, body) = await client.NPostAsync("/security-group-rules", Rule(group, protocol: "6"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(("SecurityGroupRuleExists", $"Security group rule already exists. Rule id is {rule["id"]}."), body.NeutronError());

        (status, body) = await client.NPostAsync("/security-group-rules", Rule(group, protocol: "icmp", min: 8, max: 0));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(8, (int)body!["security_group_rule"]!["port_range_min"]!);

        var (_, shown) = await client.NGetAsync($"/security-groups/{group["id"]}");
        Assert.Equal(4, shown!["security_group"]!["security_group_rules"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NoContent, (await client.NDeleteAsync($"/security-group-rules/{rule["id"]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.NGetAsync($"/security-group-rules/{rule["id"]}")).Status);
    }

    public static TheoryData<string?, int?, int?, string?, string, string> BadRules => new()
    {
        { "bogus", null, null, null, "SecurityGroupRuleInvalidProtocol", "Security group rule protocol bogus not supported" },
        { "256", null, null, null, "SecurityGroupRuleInvalidProtocol", "protocol 256" },
        { "tcp", 90, 80, null, "SecurityGroupInvalidPortRange", "port_range_min must be <= port_range_max" },
        { "tcp", 0, 80, null, "InvalidInput", "Invalid value for port 0" },
        { "tcp", null, 6, null, "SecurityGroupInvalidPortRange", "port_range_min must be <= port_range_max" },
        { null, 80, 80, null, "SecurityGroupProtocolRequiredWithPorts", "Must also specify protocol" },
        { "icmp", null, 3, null, "SecurityGroupMissingIcmpType", "ICMP code (port-range-max) 3" },
        { "tcp", null, null, "fd00::/64", "SecurityGroupRuleParameterConflict", "Conflicting value ethertype IPv4" },
        { "tcp", null, null, "not-a-cidr", "InvalidInput", "remote_ip_prefix" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task Bad_rules_are_400_naming_the_problem_and_nothing_is_added(string? protocol, int? min, int? max, string? prefix, string type, string message)
    {
        var client = await Cloud.ClientAsync("sg-bad", "sg-boris");
        var group = await client.CreateAsync("/security-groups", "security_group", new JsonObject { ["name"] = "g" + Guid.NewGuid().ToString("N")[..6] });
        var rule = Rule(group, protocol: protocol, min: min, max: max);
        if (prefix is not null)
        {
            rule["security_group_rule"]!["remote_ip_prefix"] = prefix;
        }
        var (status, body) = await client.NPostAsync("/security-group-rules", rule);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.NeutronError();
        Assert.Equal(type, error.Type);
        Assert.Contains(message, error.Message);
        var (_, shown) = await client.NGetAsync($"/security-groups/{group["id"]}");
        Assert.Equal(2, shown!["security_group"]!["security_group_rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task Remote_group_and_prefix_together_and_an_unknown_direction_are_refused()
    {
        var client = await Cloud.ClientAsync("sg-bad", "sg-boris");
        var group = await client.CreateAsync("/security-groups", "security_group", new JsonObject { ["name"] = "both" });
        var rule = Rule(group);
        rule["security_group_rule"]!["remote_ip_prefix"] = "10.0.0.0/8";
        rule["security_group_rule"]!["remote_group_id"] = (string)group["id"]!;
        var (status, body) = await client.NPostAsync("/security-group-rules", rule);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SecurityGroupRemoteGroupAndRemoteIpPrefix", body.NeutronError().Type);
        var unknownRemote = Rule(group);
        unknownRemote["security_group_rule"]!["remote_group_id"] = "bad_group_id";
        (status, body) = await client.NPostAsync("/security-group-rules", unknownRemote);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("SecurityGroupNotFound", body.NeutronError().Type);
        (status, body) = await client.NPostAsync("/security-group-rules", Rule(group, direction: "sideways"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'sideways' is not in ['ingress', 'egress']", body.NeutronError().Message);
    }

    [Fact]
    public async Task The_default_group_and_a_group_in_use_cannot_be_deleted_and_another_projects_group_is_404()
    {
        var client = await Cloud.ClientAsync("sg-del", "sg-della");
        var other = await Cloud.ClientAsync("sg-oth", "sg-otis");
        var groups = (await client.NGetAsync("/security-groups")).Body!["security_groups"]!.AsArray();
        var defaultId = (string)groups.Single()!["id"]!;
        var (status, body) = await client.NDeleteAsync($"/security-groups/{defaultId}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("SecurityGroupCannotRemoveDefault", body.NeutronError().Type);

        var web = await client.CreateAsync("/security-groups", "security_group", new JsonObject { ["name"] = "web" });
        var network = await client.NetworkAsync("n");
        var port = await client.PortAsync(network, new JsonObject { ["security_groups"] = new JsonArray((string)web["id"]!) });
        (status, body) = await client.NDeleteAsync($"/security-groups/{web["id"]}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("SecurityGroupInUse", body.NeutronError().Type);

        Assert.Equal(HttpStatusCode.NotFound, (await other.NGetAsync($"/security-groups/{web["id"]}")).Status);
        (status, body) = await other.NPostAsync("/security-group-rules", Rule(web));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("SecurityGroupNotFound", body.NeutronError().Type);
        (status, _) = await other.NPostAsync("/ports", new JsonObject
        {
            ["port"] = new JsonObject { ["network_id"] = (string)(await other.NetworkAsync("o"))["id"]!, ["security_groups"] = new JsonArray((string)web["id"]!) },
        });
        Assert.Equal(HttpStatusCode.NotFound, status);

        Assert.Equal(HttpStatusCode.OK, (await client.NPutAsync($"/ports/{port["id"]}", new JsonObject { ["port"] = new JsonObject { ["security_groups"] = new JsonArray() } })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await client.NDeleteAsync($"/security-groups/{web["id"]}")).Status);
        (status, _) = await client.NPostAsync("/security-groups", new JsonObject { ["security_group"] = new JsonObject { ["name"] = "default" } });
        Assert.Equal(HttpStatusCode.Conflict, status);
    }
}
