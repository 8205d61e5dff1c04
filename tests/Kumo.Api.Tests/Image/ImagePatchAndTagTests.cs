using System.Net;
using Kumo.Api.Tests.Support;
using static Kumo.Api.Tests.Image.ImageRequests;

namespace Kumo.Api.Tests.Image;

public sealed class ImagePatchAndTagTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _client = await _cloud.ClientAsync("project-a", "alice");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Add_replace_and_remove_change_properties_and_mutable_fields()
    {
        var id = (string)(await CreateAsync(_client, new { name = "old", disk_format = "raw", container_format = "bare", hw_disk_bus = "ide" }))["id"]!;

        var response = await PatchAsync(_client, id, """
            [{"op": "replace", "path": "/name", "value": "new"},
             {"op": "add", "path": "/os_distro", "value": "cirros"},
             {"op": "replace", "path": "/hw_disk_bus", "value": "virtio"},
             {"op": "add", "path": "/min_ram", "value": 128},
             {"op": "replace", "path": "/visibility", "value": "community"}]
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = await ReadAsync(response);
        Assert.Equal(("new", "cirros", "virtio", 128, "community"),
            ((string?)patched["name"], (string?)patched["os_distro"], (string?)patched["hw_disk_bus"], (int?)patched["min_ram"], (string?)patched["visibility"]));
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(_client, id, """[{"op": "remove", "path": "/os_distro"}]""")).StatusCode);
        var shown = await ShowAsync(_client, id);
        Assert.False(shown.ContainsKey("os_distro"));
        Assert.Equal("new", (string?)shown["name"]);
    }

    [Fact]
    public async Task The_older_v2_0_patch_dialect_works_too()
    {
        var id = (string)(await CreateAsync(_client))["id"]!;

        var response = await PatchAsync(_client, id, """[{"replace": "/name", "value": "renamed"}]""", "application/openstack-images-v2.0-json-patch");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("renamed", (string?)(await ShowAsync(_client, id))["name"]);
    }

    [Fact]
    public async Task Another_media_type_is_415_with_Accept_Patch_and_changes_nothing()
    {
        var id = (string)(await CreateAsync(_client, "same"))["id"]!;

        var response = await PatchAsync(_client, id, """[{"op": "replace", "path": "/name", "value": "x"}]""", "application/json");

        Assert.Contains("openstack-images-v2.1-json-patch", await ErrorAsync(response, HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Contains("application/openstack-images-v2.1-json-patch", response.Headers.GetValues("Accept-Patch").Single(), StringComparison.Ordinal);
        Assert.Equal("same", (string?)(await ShowAsync(_client, id))["name"]);
    }

    [Theory]
    [InlineData("""[{"op": "replace", "path": "/status", "value": "active"}]""", HttpStatusCode.Forbidden, "status")]
    [InlineData("""[{"op": "add", "path": "/checksum", "value": "x"}]""", HttpStatusCode.Forbidden, "checksum")]
    [InlineData("""[{"op": "add", "path": "/os_glance_x", "value": "x"}]""", HttpStatusCode.Forbidden, "reserved")]
    [InlineData("""[{"op": "add", "path": "/deleted", "value": "x"}]""", HttpStatusCode.Forbidden, "reserved")]
    [InlineData("""[{"op": "remove", "path": "/name"}]""", HttpStatusCode.Forbidden, "may not be removed")]
    [InlineData("""[{"op": "remove", "path": "/nothing"}]""", HttpStatusCode.Conflict, "nothing")]
    [InlineData("""[{"op": "replace", "path": "/nothing", "value": "x"}]""", HttpStatusCode.Conflict, "nothing")]
    [InlineData("""[{"op": "move", "path": "/name", "value": "x"}]""", HttpStatusCode.BadRequest, "move")]
    [InlineData("""[{"op": "add", "path": "name", "value": "x"}]""", HttpStatusCode.BadRequest, "name")]
    [InlineData("""[{"op": "add", "path": "/a/b", "value": "x"}]""", HttpStatusCode.BadRequest, "/a/b")]
    [InlineData("""[{"op": "add", "path": "/extra", "value": 5}]""", HttpStatusCode.BadRequest, "extra")]
    [InlineData("""[{"op": "replace", "path": "/min_disk", "value": -1}]""", HttpStatusCode.BadRequest, "min_disk")]
    [InlineData("""[{"op": "replace", "path": "/disk_format", "value": "floppy"}]""", HttpStatusCode.BadRequest, "floppy")]
    [InlineData("""[{"op": "replace", "path": "/visibility", "value": "friends"}]""", HttpStatusCode.BadRequest, "friends")]
    [InlineData("""[{"op": "replace", "path": "/name"}]""", HttpStatusCode.BadRequest, "value")]
    [InlineData("""{"op": "replace"}""", HttpStatusCode.BadRequest, "array")]
    [InlineData("""[{"op": "replace", "path": "/name", "value": "changed"}, {"op": "replace", "path": "/size", "value": 1}]""", HttpStatusCode.Forbidden, "size")]
    public async Task Bad_patches_get_Glance_s_status_and_change_nothing(string operations, HttpStatusCode status, string named)
    {
        var id = (string)(await CreateAsync(_client, "untouched"))["id"]!;
        var before = await ShowAsync(_client, id);

        var message = await ErrorAsync(await PatchAsync(_client, id, operations), status);

        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), (await ShowAsync(_client, id)).ToJsonString());
    }

    [Fact]
    public async Task Formats_can_change_only_while_queued()
    {
        var id = await CreateActiveAsync(_client, "active", [1]);

        var message = await ErrorAsync(await PatchAsync(_client, id, """[{"op": "replace", "path": "/disk_format", "value": "qcow2"}]"""), HttpStatusCode.Forbidden);

        Assert.Contains("queued", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_are_added_once_removed_and_a_missing_one_is_404()
    {
        var id = (string)(await CreateAsync(_client))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await _client.PutAsync($"/image/v2/images/{id}/tags/gold", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PutAsync($"/image/v2/images/{id}/tags/gold", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PutAsync($"/image/v2/images/{id}/tags/silver", null)).StatusCode);
        Assert.Equal(["gold", "silver"], (await ShowAsync(_client, id))["tags"]!.AsArray().Select(t => (string)t!));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/image/v2/images/{id}/tags/gold")).StatusCode);
        Assert.Contains("gold", await ErrorAsync(await _client.DeleteAsync($"/image/v2/images/{id}/tags/gold"), HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal(["silver"], (await ShowAsync(_client, id))["tags"]!.AsArray().Select(t => (string)t!));
        await ErrorAsync(await _client.PutAsync($"/image/v2/images/{Guid.NewGuid()}/tags/gold", null), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name": "x", "status": "active"}""", HttpStatusCode.Forbidden, "status")]
    [InlineData("""{"name": "x", "self": "/elsewhere"}""", HttpStatusCode.Forbidden, "self")]
    [InlineData("""{"name": "x", "os_glance_importing": "yes"}""", HttpStatusCode.Forbidden, "reserved")]
    [InlineData("""{"name": "x", "id": "not-a-uuid"}""", HttpStatusCode.BadRequest, "id")]
    [InlineData("""{"name": "x", "disk_format": "floppy"}""", HttpStatusCode.BadRequest, "floppy")]
    [InlineData("""{"name": "x", "protected": "yes"}""", HttpStatusCode.BadRequest, "protected")]
    [InlineData("""{"name": "x", "custom": 1}""", HttpStatusCode.BadRequest, "custom")]
    [InlineData("""{"name": "x", "visibility": "public"}""", HttpStatusCode.Forbidden, "publicize_image")]
    [InlineData("""{"name": "x", "owner": "p-other"}""", HttpStatusCode.Forbidden, "p-other")]
    [InlineData("""{"name": "x", """, HttpStatusCode.BadRequest, "")]
    public async Task Bad_creates_get_Glance_s_status_and_create_nothing(string body, HttpStatusCode status, string named)
    {
        var before = await ListIdsAsync(_client, "?visibility=all");

        var response = await _client.PostAsync("/image/v2/images", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains(named, await ErrorAsync(response, status), StringComparison.Ordinal);
        Assert.Equal(before, await ListIdsAsync(_client, "?visibility=all"));
    }

    [Fact]
    public async Task A_chosen_id_is_kept_and_reusing_it_is_409()
    {
        var id = Guid.NewGuid().ToString();

        var created = await CreateAsync(_client, new { id, name = "mine" });

        Assert.Equal(id, (string?)created["id"]);
        Assert.Null(created["disk_format"]);
        var again = await _client.PostAsync("/image/v2/images", new StringContent($$"""{"id": "{{id}}"}""", System.Text.Encoding.UTF8, "application/json"));
        await ErrorAsync(again, HttpStatusCode.Conflict);
    }
}
