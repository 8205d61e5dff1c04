using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute;

public sealed class VersionsTests : ApiCloudTest
{
    [Fact]
    public async Task Compute_root_lists_v2_0_and_v2_1_with_the_microversion_range()
    {
        var response = await Cloud.Http.GetAsync("/compute/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var versions = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["versions"]!.AsArray();
        var v21 = versions.Single(v => (string?)v!["id"] == "v2.1")!;
        Assert.Equal("CURRENT", (string?)v21["status"]);
        Assert.Equal("2.1", (string?)v21["min_version"]);
        Assert.Equal("http://kumo.test/compute/v2.1/", (string?)v21["links"]![0]!["href"]);
        Assert.Contains(versions, v => (string?)v!["id"] == "v2.0");
    }

    [Fact]
    public async Task Every_response_has_a_request_id_and_versioned_ones_echo_the_microversion()
    {
        var response = await Cloud.Http.GetAsync("/compute/v2.1/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req-", response.Headers.GetValues("x-openstack-request-id").Single());
        Assert.Equal("compute 2.1", response.Headers.GetValues("OpenStack-API-Version").Single());
        Assert.Equal("2.1", response.Headers.GetValues("X-OpenStack-Nova-API-Version").Single());
        Assert.Contains("OpenStack-API-Version", response.Headers.Vary);
    }

    [Fact]
    public async Task Every_self_link_of_the_root_answers_its_own_version_document()
    {
        var root = JsonNode.Parse(await (await Cloud.Http.GetAsync("/compute/")).Content.ReadAsStringAsync())!;
        var client = await Cloud.ClientAsync("project-a", "alice");
        string[] allowed = ["id", "links", "status", "updated", "version", "min_version", "media-types"];
        foreach (var listed in root["versions"]!.AsArray())
        {
            var self = listed!["links"]!.AsArray().Where(l => (string?)l!["rel"] == "self").ToList();
            var href = (string)Assert.Single(self)!["href"]!;
            foreach (var path in new[] { new Uri(href).AbsolutePath, new Uri(href).AbsolutePath.TrimEnd('/') })
            {
                var response = await client.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
                var version = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["version"]!.AsObject();
                Assert.Equal((string?)listed["id"], (string?)version["id"]);
                Assert.Equal(href, (string?)version["links"]!.AsArray().Single(l => (string?)l!["rel"] == "self")!["href"]);
                Assert.All(version, p => Assert.Contains(p.Key, allowed));
            }
        }
        var v20 = JsonNode.Parse(await (await client.GetAsync("/compute/v2.0/")).Content.ReadAsStringAsync())!["version"]!;
        Assert.Equal("SUPPORTED", (string?)v20["status"]);
        Assert.Equal("", (string?)v20["version"]);
        Assert.Equal("application/vnd.openstack.compute+json;version=2", (string?)v20["media-types"]![0]!["type"]);
    }

    [Fact]
    public async Task Compute_responses_carry_the_request_id_as_x_compute_request_id_too()
    {
        var client = await Cloud.ClientAsync("project-a", "alice");
        using var request = ServerCalls.Request(HttpMethod.Post, "/servers", ServerCalls.CreateBody(Cloud, "ids"));
        var created = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = created.Headers.GetValues("x-compute-request-id").Single();
        Assert.StartsWith("req-", id);
        Assert.Equal(id, created.Headers.GetValues("x-openstack-request-id").Single());

        var missing = await client.GetAsync("/compute/v2.1/servers/" + Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(missing.Headers.GetValues("x-openstack-request-id").Single(), missing.Headers.GetValues("x-compute-request-id").Single());

        var identity = await Cloud.Http.GetAsync("/identity/v3");
        Assert.True(identity.Headers.Contains("x-openstack-request-id"));
        Assert.False(identity.Headers.Contains("x-compute-request-id"));
    }

    [Fact]
    public async Task An_unsupported_microversion_is_406_in_Nova_shape_with_the_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/");
        request.Headers.Add("OpenStack-API-Version", "compute 9.99");
        var response = await Cloud.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(406, (int?)body["notAcceptable"]!["code"]);
        Assert.Contains("9.99 is not supported", (string?)body["notAcceptable"]!["message"]);
        Assert.Equal("compute 2.1", response.Headers.GetValues("OpenStack-API-Version").Single());
    }

    [Fact]
    public async Task An_unknown_path_is_404_in_the_shape_of_the_service_it_falls_under()
    {
        var nova = JsonNode.Parse(await (await Cloud.Http.GetAsync("/compute/v2.1/nonsense/x")).Content.ReadAsStringAsync())!;
        Assert.Equal(404, (int?)nova["itemNotFound"]!["code"]);
        var keystone = JsonNode.Parse(await (await Cloud.Http.GetAsync("/identity/v3/nonsense")).Content.ReadAsStringAsync())!;
        Assert.Equal(404, (int?)keystone["error"]!["code"]);
    }

    [Fact]
    public async Task The_version_document_advertises_2_37_and_2_38_is_refused()
    {
        var v21 = JsonNode.Parse(await (await Cloud.Http.GetAsync("/compute/v2.1/")).Content.ReadAsStringAsync())!["version"]!;
        Assert.Equal("2.37", (string?)v21["version"]);
        using var latest = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/");
        latest.Headers.Add("OpenStack-API-Version", "compute latest");
        Assert.Equal("compute 2.37", (await Cloud.Http.SendAsync(latest)).Headers.GetValues("OpenStack-API-Version").Single());
        using var above = new HttpRequestMessage(HttpMethod.Get, "/compute/v2.1/");
        above.Headers.Add("X-OpenStack-Nova-API-Version", "2.38");
        Assert.Equal(HttpStatusCode.NotAcceptable, (await Cloud.Http.SendAsync(above)).StatusCode);
    }
}
