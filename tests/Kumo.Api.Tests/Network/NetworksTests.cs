using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Network;

public sealed class NetworksTests(NetworkCloud fixture) : IClassFixture<NetworkCloud>
{
    private ApiCloud Cloud => fixture.Cloud;

    [Fact]
    public async Task A_network_is_created_with_Neutrons_defaults_and_shown_listed_updated_and_deleted()
    {
        var alice = await Cloud.ClientAsync("net-a", "net-alice");
        var network = await alice.NetworkAsync("blue");
        Assert.Equal(1450, (int)network["mtu"]!);
        Assert.Equal("ACTIVE", (string?)network["status"]);
        Assert.False((bool)network["shared"]!);
        Assert.False((bool)network["router:external"]!);
        Assert.True((bool)network["admin_state_up"]!);
        Assert.Equal("p-net-a", (string?)network["project_id"]);
        Assert.Equal("p-net-a", (string?)network["tenant_id"]);
        Assert.Empty(network["subnets"]!.AsArray());
        var id = (string)network["id"]!;

        var (status, body) = await alice.NGetAsync($"/networks/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("blue", (string?)body!["network"]!["name"]);

        (status, body) = await alice.NPutAsync($"/networks/{id}", new JsonObject { ["network"] = new JsonObject { ["name"] = "navy", ["mtu"] = 1400 } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("navy", (string?)body!["network"]!["name"]);
        Assert.Equal(1400, (int)body["network"]!["mtu"]!);
        Assert.Equal(2, (int)body["network"]!["revision_number"]!);

        Assert.Contains(id, await alice.IdsAsync("/networks", "networks"));
        (status, _) = await alice.NDeleteAsync($"/networks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        (status, body) = await alice.NGetAsync($"/networks/{id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(("NetworkNotFound", $"Network {id} could not be found."), body.NeutronError());
    }

    [Theory]
    [InlineData("{\"network\": {\"name\": ", "HTTPBadRequest", "Malformed request body")]
    [InlineData("{\"network\": {\"name\": \"x\", \"colour\": \"red\"}}", "HTTPBadRequest", "Unrecognized attribute(s) 'colour'")]
    [InlineData("{\"network\": {\"name\": \"x\", \"status\": \"DOWN\"}}", "HTTPBadRequest", "Attribute 'status' not allowed in POST")]
    [InlineData("{\"network\": {\"name\": 5}}", "InvalidInput", "Invalid input for name")]
    [InlineData("{\"network\": {\"admin_state_up\": \"maybe\"}}", "InvalidInput", "Invalid input for admin_state_up")]
    [InlineData("{\"net\": {}}", "HTTPBadRequest", "Unable to find 'network' in request body")]
    [InlineData("{\"networks\": [{\"name\": \"ok\"}, {\"name\": \"bad\", \"x\": 1}]}", "HTTPBadRequest", "Unrecognized attribute(s) 'x'")]
    public async Task Bad_input_is_400_naming_the_problem_and_creates_nothing(string body, string type, string message)
    {
        var client = await Cloud.ClientAsync("net-bad", "net-bob");
        var (status, answer) = await client.NPostAsync("/networks", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = answer.NeutronError();
        Assert.Equal(type, error.Type);
        Assert.Contains(message, error.Message);
        Assert.Empty(await client.IdsAsync("/networks?project_id=p-net-bad", "networks"));
    }

    [Fact]
    public async Task Bulk_create_makes_every_network_in_one_answer()
    {
        var client = await Cloud.ClientAsync("net-bulk", "net-carl");
        var (status, body) = await client.NPostAsync("/networks", new JsonObject
        {
            ["networks"] = new JsonArray(new JsonObject { ["name"] = "one" }, new JsonObject { ["name"] = "two" }),
        });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(["one", "two"], body!["networks"]!.AsArray().Select(n => (string)n!["name"]!));
        Assert.Equal(2, (await client.IdsAsync("/networks?project_id=p-net-bulk", "networks")).Length);
    }

    [Fact]
    public async Task Another_projects_network_is_404_and_untouched_while_a_shared_one_is_visible_to_all()
    {
        var admin = await Cloud.AdminClientAsync();
        var owner = await Cloud.ClientAsync("net-own", "net-olga");
        var other = await Cloud.ClientAsync("net-oth", "net-oscar");
        var privateNet = await owner.NetworkAsync("private");
        var id = (string)privateNet["id"]!;

        Assert.Equal(HttpStatusCode.NotFound, (await other.NGetAsync($"/networks/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.NPutAsync($"/networks/{id}", new JsonObject { ["network"] = new JsonObject { ["name"] = "stolen" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.NDeleteAsync($"/networks/{id}")).Status);
        var (status, body) = await other.NPostAsync("/ports", new JsonObject { ["port"] = new JsonObject { ["network_id"] = id } });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NetworkNotFound", body.NeutronError().Type);
        Assert.DoesNotContain(id, await other.IdsAsync("/networks", "networks"));
        Assert.Equal("private", (string?)(await owner.NGetAsync($"/networks/{id}")).Body!["network"]!["name"]);

        (status, body) = await owner.NPostAsync("/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "s", ["shared"] = true } });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("PolicyNotAuthorized", body.NeutronError().Type);

        var shared = await admin.NetworkAsync("public", shared: true);
        Assert.Contains((string)shared["id"]!, await other.IdsAsync("/networks", "networks"));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.NDeleteAsync($"/networks/{shared["id"]}")).Status);
        await admin.SubnetAsync(shared, "10.99.0.0/24");
        var port = await other.PortAsync(shared);
        Assert.Equal("p-net-oth", (string?)port["project_id"]);
    }

    [Fact]
    public async Task The_admin_creates_a_network_for_another_project_and_a_member_cannot()
    {
        var admin = await Cloud.AdminClientAsync();
        var network = await admin.CreateAsync("/networks", "network", new JsonObject { ["name"] = "given", ["project_id"] = "p-net-gift" });
        Assert.Equal("p-net-gift", (string?)network["project_id"]);
        var member = await Cloud.ClientAsync("net-gift", "net-gina");
        Assert.Contains((string)network["id"]!, await member.IdsAsync("/networks", "networks"));

        var (status, _) = await member.NPostAsync("/networks", new JsonObject { ["network"] = new JsonObject { ["tenant_id"] = "p-someone-else" } });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var reader = await Cloud.ClientAsync("net-gift", "net-rita", "reader");
        (status, _) = await reader.NPostAsync("/networks", new JsonObject { ["network"] = new JsonObject { ["name"] = "no" } });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Single(await member.IdsAsync("/networks?project_id=p-net-gift", "networks"));
    }

    [Fact]
    public async Task Fields_filters_sorting_and_paging_work_as_Neutrons()
    {
        var client = await Cloud.ClientAsync("net-page", "net-paula");
        foreach (var name in new[] { "c", "a", "e", "b", "d" })
        {
            await client.NetworkAsync(name);
        }
        var (_, body) = await client.NGetAsync("/networks?name=b&name=d&fields=name&fields=id&project_id=p-net-page");
        var picked = body!["networks"]!.AsArray();
        Assert.Equal(["b", "d"], picked.Select(n => (string)n!["name"]!).Order());
        Assert.All(picked, n => Assert.Equal(["id", "name"], n.Keys()));

        (_, body) = await client.NGetAsync("/networks?shared=False&sort_key=name&sort_dir=desc&project_id=p-net-page");
        Assert.Equal(["e", "d", "c", "b", "a"], body!["networks"]!.AsArray().Select(n => (string)n!["name"]!));

        var seen = new List<string>();
        var next = "/network/v2.0/networks?project_id=p-net-page&sort_key=name&sort_dir=asc&limit=2";
        while (next is not null)
        {
            (_, body) = await client.NGetAsync(next);
            seen.AddRange(body!["networks"]!.AsArray().Select(n => (string)n!["name"]!));
            next = body["networks_links"]?.AsArray().FirstOrDefault(l => (string?)l!["rel"] == "next")?["href"]?.ToString().Replace("http://kumo.test", "");
        }
        Assert.Equal(["a", "b", "c", "d", "e"], seen);
    }

    [Fact]
    public async Task A_network_with_ports_cannot_be_deleted()
    {
        var client = await Cloud.ClientAsync("net-use", "net-ursula");
        var network = await client.NetworkAsync("busy");
        await client.PortAsync(network);
        var (status, body) = await client.NDeleteAsync($"/networks/{network["id"]}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("NetworkInUse", body.NeutronError().Type);
        Assert.Equal(HttpStatusCode.OK, (await client.NGetAsync($"/networks/{network["id"]}")).Status);
    }

    [Fact]
    public async Task A_path_id_that_is_no_uuid_is_404()
    {
        var client = await Cloud.ClientAsync("net-use", "net-ursula");
        var (status, body) = await client.NGetAsync("/networks/not-a-uuid");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(("NetworkNotFound", "Network not-a-uuid could not be found."), body.NeutronError());
    }
}
