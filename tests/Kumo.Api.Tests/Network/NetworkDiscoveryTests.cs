using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Network;

public sealed class NetworkDiscoveryTests(NetworkCloud fixture) : IClassFixture<NetworkCloud>
{
    private ApiCloud Cloud => fixture.Cloud;

    [Fact]
    public async Task The_version_documents_need_no_token_and_link_to_v2_0()
    {
        var (status, body) = await Cloud.Http.NGetAsync("/network/");
        Assert.Equal(HttpStatusCode.OK, status);
        var version = body!["versions"]!.AsArray().Single()!;
        Assert.Equal("v2.0", (string?)version["id"]);
        Assert.Equal("CURRENT", (string?)version["status"]);
        Assert.Equal("http://kumo.test/network/v2.0/", (string?)version["links"]![0]!["href"]);

        (status, body) = await Cloud.Http.NGetAsync("/network/v2.0");
        Assert.Equal(HttpStatusCode.OK, status);
        var collections = body!["resources"]!.AsArray().Select(r => (string)r!["collection"]!).ToList();
        Assert.Equal(["networks", "subnets", "ports", "security_groups", "security_group_rules"], collections);
    }

    [Fact]
    public async Task Resources_need_a_token_and_answer_401_in_Neutrons_shape()
    {
        var (status, body) = await Cloud.Http.NGetAsync("/networks");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("HTTPUnauthorized", body.NeutronError().Type);
    }

    [Fact]
    public async Task Extensions_list_only_what_is_implemented_and_show_by_alias()
    {
        var client = await Cloud.ClientAsync("project-d", "dora");
        var (status, body) = await client.NGetAsync("/extensions");
        Assert.Equal(HttpStatusCode.OK, status);
        var aliases = body!["extensions"]!.AsArray().Select(e => (string)e!["alias"]!).ToList();
        Assert.Contains("security-group", aliases);
        Assert.Contains("binding", aliases);
        Assert.Contains("port-security", aliases);
        Assert.DoesNotContain("router", aliases);
        Assert.DoesNotContain("quotas", aliases);

        (status, body) = await client.NGetAsync("/extensions/binding");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["alias", "description", "links", "name", "updated"], body!["extension"].Keys());

        (status, body) = await client.NGetAsync("/extensions/router");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ExtensionNotFound", body.NeutronError().Type);
    }

    [Fact]
    public async Task The_token_catalog_has_the_network_service()
    {
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens",
            new StringContent(ApiCloud.PasswordAuth("admin", ApiCloud.AdminPassword, "admin").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;
        var network = token["catalog"]!.AsArray().Single(s => (string?)s!["type"] == "network")!;
        Assert.Equal("neutron", (string?)network["name"]);
        Assert.Contains(network["endpoints"]!.AsArray(), e => (string?)e!["interface"] == "public" && (string?)e["url"] == "http://kumo.test/network");
    }

    [Fact]
    public async Task An_unknown_path_under_network_answers_in_Neutrons_shape()
    {
        var client = await Cloud.ClientAsync("project-d", "dora");
        var (status, body) = await client.NGetAsync("/routers");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("HTTPNotFound", body.NeutronError().Type);
    }
}
