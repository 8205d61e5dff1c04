using System.Net;
using System.Text;
using Kumo.Api.Metadata;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Api.Tests.Metadata;

/// <summary>
/// The password a guest posts to the metadata service (Nova's password.py) and the compute API that
/// shows and clears it (os-server-password): stored once, in chunks of system metadata, never shown
/// to another project.
/// </summary>
public sealed class ServerPasswordTests() : ApiCloudTest(TestClients.Alice)
{
    private const string Secret = "password-test-secret";
    // A 2048-bit RSA ciphertext, base64: what cloud-init posts for a server with a key.
    private static readonly string Encrypted = Convert.ToBase64String(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());

    private WebApplication _metadata = null!;
    private HttpClient _guest = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _metadata = MetadataApp.Build(new MetadataOptions { ProxySharedSecret = Secret }, Cloud.Host.Shared.Stores, NullLoggerFactory.Instance, web => web.UseTestServer());
        await _metadata.StartAsync();
        _guest = _metadata.GetTestClient();
    }

    public override async Task DisposeAsync()
    {
        await _metadata.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_posted_password_is_served_to_the_guest_and_shown_by_the_compute_api_until_cleared()
    {
        var (id, project) = await CreateServerAsync("pw-1");
        Assert.Equal((HttpStatusCode.OK, ""), await GuestAsync(HttpMethod.Get, id, project));
        Assert.Equal("", await ShownPasswordAsync(Alice, id));

        Assert.Equal(HttpStatusCode.OK, (await GuestAsync(HttpMethod.Post, id, project, Encrypted)).Status);

        Assert.Equal((HttpStatusCode.OK, Encrypted), await GuestAsync(HttpMethod.Get, id, project));
        Assert.Equal((HttpStatusCode.OK, Encrypted), await GuestAsync(HttpMethod.Get, id, project, version: "2013-04-04"));
        Assert.Equal(Encrypted, await ShownPasswordAsync(Alice, id));
        Assert.Equal(Encrypted, await ShownPasswordAsync(await Cloud.AdminClientAsync(), id));
        Assert.Equal(Encrypted, await ShownPasswordAsync(await Cloud.ClientAsync("project-a", "reader-rita", "reader"), id));
        // Kept as Nova keeps it: four chunks of at most 255 characters in the instance's system metadata.
        var stored = await Cloud.Host.Shared.Stores.InstanceSystemMetadata.GetAsync(Guid.Parse(id));
        Assert.Equal(["password_0", "password_1", "password_2", "password_3"], stored.Keys.Order(StringComparer.Ordinal));
        Assert.All(stored.Values, chunk => Assert.True(chunk.Length <= 255));
        Assert.Equal(Encrypted, string.Concat(stored.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value)));

        var (deleted, deleteBody) = await Alice.SendAsync(HttpMethod.Delete, $"/servers/{id}/os-server-password");
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Null(deleteBody);
        Assert.Equal("", await ShownPasswordAsync(Alice, id));
        Assert.Equal((HttpStatusCode.OK, ""), await GuestAsync(HttpMethod.Get, id, project));
        // Cleared, the guest may post again.
        Assert.Equal(HttpStatusCode.OK, (await GuestAsync(HttpMethod.Post, id, project, "second")).Status);
        Assert.Equal("second", await ShownPasswordAsync(Alice, id));
    }

    [Fact]
    public async Task A_second_post_is_409_and_keeps_the_first_password()
    {
        var (id, project) = await CreateServerAsync("pw-twice");
        Assert.Equal(HttpStatusCode.OK, (await GuestAsync(HttpMethod.Post, id, project, "first")).Status);

        var (status, body) = await GuestAsync(HttpMethod.Post, id, project, "second");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already stored", body, StringComparison.Ordinal);
        Assert.Equal("first", await ShownPasswordAsync(Alice, id));
    }

    [Fact]
    public async Task Posts_that_race_store_exactly_one_password()
    {
        var (id, project) = await CreateServerAsync("pw-race");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => GuestAsync(HttpMethod.Post, id, project, "candidate-" + i)));

        Assert.Single(results, r => r.Status == HttpStatusCode.OK);
        Assert.All(results, r => Assert.Contains(r.Status, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.StartsWith("candidate-", await ShownPasswordAsync(Alice, id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_over_1020_bytes_is_400_and_nothing_is_stored()
    {
        var (id, project) = await CreateServerAsync("pw-large");

        var (status, body) = await GuestAsync(HttpMethod.Post, id, project, new string('a', 1021));
        var (fits, _) = await GuestAsync(HttpMethod.Post, id, project, new string('b', 1020));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Request is too large.", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fits);
        Assert.Equal(new string('b', 1020), await ShownPasswordAsync(Alice, id));
    }

    [Fact]
    public async Task Only_get_and_post_are_served_and_the_ec2_tree_and_folsom_have_no_password()
    {
        var (id, project) = await CreateServerAsync("pw-paths");

        var (put, putBody) = await GuestAsync(HttpMethod.Put, id, project, "x");
        Assert.Equal(HttpStatusCode.BadRequest, put);
        Assert.Contains("GET and POST only are supported.", putBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GuestAsync(HttpMethod.Get, id, project, version: "2012-08-10")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/latest/meta-data/password", id, project)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/latest/password", id, project, "x")).Status);
        Assert.Equal("", await ShownPasswordAsync(Alice, id));
    }

    [Fact]
    public async Task Another_project_gets_404_a_reader_cannot_clear_and_an_unsigned_post_stores_nothing()
    {
        var (id, project) = await CreateServerAsync("pw-policy");
        Assert.Equal(HttpStatusCode.OK, (await GuestAsync(HttpMethod.Post, id, project, Encrypted)).Status);
        var bob = await Cloud.ClientAsync("project-b", "bob");
        var reader = await Cloud.ClientAsync("project-a", "reader-ron", "reader");

        var (otherShow, otherShowBody) = await bob.SendAsync(HttpMethod.Get, $"/servers/{id}/os-server-password");
        var (otherClear, _) = await bob.SendAsync(HttpMethod.Delete, $"/servers/{id}/os-server-password");
        var (readerClear, readerClearBody) = await reader.SendAsync(HttpMethod.Delete, $"/servers/{id}/os-server-password");
        var (unknown, _) = await Alice.SendAsync(HttpMethod.Get, $"/servers/{Guid.NewGuid()}/os-server-password");
        var forged = await SendAsync(HttpMethod.Post, "/openstack/latest/password", id, project, "forged", signature: "00");

        Assert.Equal(HttpStatusCode.NotFound, otherShow);
        Assert.DoesNotContain(Encrypted, otherShowBody!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherClear);
        Assert.Equal(HttpStatusCode.Forbidden, readerClear);
        Assert.Contains("os_compute_api:os-server-password:clear", ServerCalls.Message(readerClearBody), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.Forbidden, forged.Status);
        Assert.Equal(Encrypted, await ShownPasswordAsync(Alice, id));
    }

    private static async Task<string> ShownPasswordAsync(HttpClient client, string id)
    {
        var (status, body) = await client.SendAsync(HttpMethod.Get, $"/servers/{id}/os-server-password");
        Assert.True(status == HttpStatusCode.OK, $"os-server-password answered {(int)status}: {body?.ToJsonString()}");
        Assert.Equal(["password"], body.Keys());
        return (string)body!["password"]!;
    }

    private async Task<(string Id, string Project)> CreateServerAsync(string name)
    {
        var id = await Alice.CreateServerAsync(Cloud, name);
        var shown = await Alice.WaitForStatusAsync(id, "ACTIVE");
        return (id, (string)shown["tenant_id"]!);
    }

    private Task<(HttpStatusCode Status, string Body)> GuestAsync(HttpMethod method, string id, string project, string? body = null, string version = "latest") =>
        SendAsync(method, $"/openstack/{version}/password", id, project, body);

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string instanceId, string tenantId,
        string? body = null, string? signature = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add(MetadataProxyHeaders.InstanceId, instanceId);
        request.Headers.Add(MetadataProxyHeaders.TenantId, tenantId);
        request.Headers.Add(MetadataProxyHeaders.Signature, signature ?? MetadataProxyHeaders.Sign(Secret, instanceId));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.ASCII, "text/plain");
        }
        using var response = await _guest.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
