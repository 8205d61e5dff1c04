using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Api.Metadata;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Api.Tests.Metadata;

/// <summary>
/// The metadata service as a proxy calls it (Nova's handler with service_metadata_proxy): signed
/// X-Instance-ID or nothing, the instance's own data, built as the config drive's but without
/// injected files and admin password.
/// </summary>
public sealed class MetadataServiceTests : IAsyncLifetime
{
    private const string Secret = "test-shared-secret";
    private ApiCloud _cloud = null!;
    private WebApplication _metadata = null!;
    private HttpClient _client = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _alice = await _cloud.ClientAsync("project-a", "alice");
        _metadata = MetadataApp.Build(new MetadataOptions { ProxySharedSecret = Secret }, _cloud.Host.Shared.Stores, NullLoggerFactory.Instance, web => web.UseTestServer());
        await _metadata.StartAsync();
        _client = _metadata.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        await _metadata.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_request_gets_the_instance_own_metadata_with_the_dhcp_domain_and_no_files_or_password()
    {
        var (id, project) = await CreateServerAsync("Web Server 1");

        var (status, text) = await GetAsync("/openstack/latest/meta_data.json", id, project);

        Assert.Equal(HttpStatusCode.OK, status);
        var meta = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(id, (string?)meta["uuid"]);
        Assert.Equal("web-server-1.novalocal", (string?)meta["hostname"]);
        Assert.Equal("Web Server 1", (string?)meta["name"]);
        Assert.Equal(project, (string?)meta["project_id"]);
        Assert.Equal("db", (string?)meta["meta"]!["role"]);
        Assert.Contains("alice-key", meta["public_keys"]!.AsObject().Select(k => k.Key));
        Assert.False(meta.ContainsKey("files"), "Nova's metadata service has no injected files");
        Assert.False(meta.ContainsKey("admin_pass"), "the admin password is for the config drive only");
        Assert.Equal((HttpStatusCode.OK, "#!/bin/sh\necho hi\n"), await GetAsync("/openstack/latest/user_data", id, project));
        Assert.Equal((HttpStatusCode.OK, ""), await GetAsync("/openstack/latest/password", id, project));
        var (_, listing) = await GetAsync("/openstack/latest", id, project);
        Assert.Equal(["meta_data.json", "network_data.json", "user_data", "vendor_data.json", "vendor_data2.json", "password"], listing.Split('\n'));
        var (_, versions) = await GetAsync("/openstack", id, project);
        Assert.Equal("2012-08-10", versions.Split('\n')[0]);
        Assert.Equal("latest", versions.Split('\n')[^1]);
        // The Folsom layout has no project_id (Liberty added it) and no network_data.json.
        var (_, folsom) = await GetAsync("/openstack/2012-08-10/meta_data.json", id, project);
        Assert.False(JsonNode.Parse(folsom)!.AsObject().ContainsKey("project_id"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/openstack/2012-08-10/network_data.json", id, project)).Status);
    }

    [Fact]
    public async Task The_ec2_tree_lists_and_serves_the_instance_keys_and_hostname()
    {
        var (id, project) = await CreateServerAsync("Ec2 Guest");

        var (_, metaData) = await GetAsync("/latest/meta-data/", id, project);
        var (_, hostname) = await GetAsync("/latest/meta-data/hostname", id, project);
        var (_, instanceId) = await GetAsync("/2009-04-04/meta-data/instance-id", id, project);
        var (_, keys) = await GetAsync("/latest/meta-data/public-keys", id, project);
        var (_, key) = await GetAsync("/latest/meta-data/public-keys/0/openssh-key", id, project);
        var (_, placement) = await GetAsync("/latest/meta-data/placement/availability-zone", id, project);
        var (_, root) = await GetAsync("/latest", id, project);

        Assert.Contains("instance-id", metaData.Split('\n'));
        Assert.Contains("public-keys/", metaData.Split('\n'));
        Assert.Contains("placement/", metaData.Split('\n'));
        Assert.Equal("ec2-guest.novalocal", hostname);
        Assert.Equal("i-" + Guid.Parse(id).ToString("N")[..8], instanceId);
        Assert.Equal("0=alice-key", keys);
        Assert.StartsWith("ssh-", key, StringComparison.Ordinal);
        Assert.Equal("nova", placement);
        Assert.Equal(["meta-data/", "user-data"], root.Split('\n'));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/latest/meta-data/no-such-key", id, project)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/1999-01-01/meta-data/hostname", id, project)).Status);
    }

    [Fact]
    public async Task The_version_list_needs_no_headers_but_everything_else_needs_the_proxy_headers()
    {
        var (id, project) = await CreateServerAsync("Headers");
        using var root = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.StartsWith("1.0\n2007-01-19", await root.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var noInstance = await _client.GetAsync("/openstack/latest/meta_data.json");
        Assert.Equal(HttpStatusCode.BadRequest, noInstance.StatusCode);
        Assert.Contains("X-Instance-ID header is missing from request.", await noInstance.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var noTenant = new HttpRequestMessage(HttpMethod.Get, "/openstack/latest/meta_data.json");
        noTenant.Headers.Add(MetadataProxyHeaders.InstanceId, id);
        using var noTenantResponse = await _client.SendAsync(noTenant);
        Assert.Equal(HttpStatusCode.BadRequest, noTenantResponse.StatusCode);
        Assert.Contains("X-Tenant-ID header is missing from request.", await noTenantResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (unsigned, body) = await GetAsync("/openstack/latest/meta_data.json", id, project, signature: "00");
        Assert.Equal(HttpStatusCode.Forbidden, unsigned);
        Assert.Contains("Invalid proxy request signature.", body, StringComparison.Ordinal);
        Assert.DoesNotContain(id, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_instance_signature_opens_no_other_instance_and_a_wrong_project_finds_nothing()
    {
        var (first, project) = await CreateServerAsync("First");
        var (second, _) = await CreateServerAsync("Second");

        var borrowed = await GetAsync("/openstack/latest/meta_data.json", second, project, signature: MetadataProxyHeaders.Sign(Secret, first));
        var otherProject = await GetAsync("/openstack/latest/meta_data.json", first, "some-other-project");
        var unknown = await GetAsync("/openstack/latest/meta_data.json", Guid.NewGuid().ToString(), project);

        Assert.Equal(HttpStatusCode.Forbidden, borrowed.Status);
        Assert.Equal(HttpStatusCode.NotFound, otherProject.Status);
        Assert.DoesNotContain(first, otherProject.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    private async Task<(string Id, string Project)> CreateServerAsync(string name)
    {
        if ((await _alice.SendAsync(HttpMethod.Get, "/os-keypairs/alice-key")).Status == HttpStatusCode.NotFound)
        {
            var (made, _) = await _alice.SendAsync(HttpMethod.Post, "/os-keypairs", new JsonObject { ["keypair"] = new JsonObject { ["name"] = "alice-key" } });
            Assert.Equal(HttpStatusCode.OK, made);
        }
        var body = ServerCalls.CreateBody(_cloud, name);
        var server = body["server"]!.AsObject();
        server["key_name"] = "alice-key";
        server["user_data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n"));
        server["metadata"] = new JsonObject { ["role"] = "db" };
        server["personality"] = new JsonArray(new JsonObject { ["path"] = "/etc/motd", ["contents"] = Convert.ToBase64String("hello"u8.ToArray()) });
        var (status, created) = await _alice.SendAsync(HttpMethod.Post, "/servers", body);
        Assert.True(status == HttpStatusCode.Accepted, created?.ToJsonString());
        var id = (string)created!["server"]!["id"]!;
        var shown = await _alice.WaitForStatusAsync(id, "ACTIVE");
        return (id, (string)shown["tenant_id"]!);
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string instanceId, string tenantId, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(MetadataProxyHeaders.InstanceId, instanceId);
        request.Headers.Add(MetadataProxyHeaders.TenantId, tenantId);
        request.Headers.Add(MetadataProxyHeaders.Signature, signature ?? MetadataProxyHeaders.Sign(Secret, instanceId));
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
