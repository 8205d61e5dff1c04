using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Kumo.Api.Tests.Support;
using Kumo.Objects.Images;
using static Kumo.Api.Tests.Image.ImageRequests;

namespace Kumo.Api.Tests.Image;

public sealed class ImageLifecycleTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ApiCloud.StartAsync(configure: o => o.Api.ImageSizeCap = 64 * 1024);

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Versions_are_300_at_the_root_and_200_at_versions_with_links_to_v2()
    {
        var root = await _cloud.Http.GetAsync("/image");
        Assert.Equal(HttpStatusCode.MultipleChoices, root.StatusCode);
        var versions = (await ReadAsync(root))["versions"]!.AsArray();
        Assert.Contains(versions, v => (string?)v!["id"] == "v2.0");
        var current = Assert.Single(versions, v => (string?)v!["status"] == "CURRENT")!;
        Assert.Equal("http://kumo.test/image/v2/", (string?)current["links"]![0]!["href"]);
        Assert.Equal(HttpStatusCode.OK, (await _cloud.Http.GetAsync("/image/versions")).StatusCode);
    }

    [Fact]
    public async Task Create_has_Glance_s_exact_fields_and_a_Location()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var response = await client.PostAsJsonAsync("/image/v2/images", new { name = "cirros", disk_format = "qcow2", container_format = "bare", hw_disk_bus = "virtio", tags = new[] { "x", "x", "y" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var image = await ReadAsync(response);
        var id = (string)image["id"]!;
        Assert.Equal($"/v2/images/{id}", response.Headers.Location!.OriginalString);
        string[] expected = ["checksum", "container_format", "created_at", "disk_format", "file", "hw_disk_bus", "id", "min_disk", "min_ram", "name",
            "os_hash_algo", "os_hash_value", "os_hidden", "owner", "protected", "schema", "self", "size", "status", "tags", "updated_at", "virtual_size", "visibility"];
        Assert.Equal(expected, image.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("queued", (string?)image["status"]);
        Assert.Equal("shared", (string?)image["visibility"]); // Glance's default since Ocata
        Assert.Equal("p-project-a", (string?)image["owner"]);
        Assert.Equal(["x", "y"], image["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Null(image["size"]);
        Assert.Null(image["checksum"]);
        Assert.Equal($"/v2/images/{id}/file", (string?)image["file"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)image["created_at"]!);
    }

    [Fact]
    public async Task Upload_then_download_round_trips_with_md5_and_sha512()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var data = RandomNumberGenerator.GetBytes(40_000);
        var id = (string)(await CreateAsync(client))["id"]!;

        var upload = await UploadAsync(client, id, data);

        Assert.Equal(HttpStatusCode.NoContent, upload.StatusCode);
        var image = await ShowAsync(client, id);
        Assert.Equal("active", (string?)image["status"]);
        Assert.Equal(data.Length, (long?)image["size"]);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), (string?)image["checksum"]);
        Assert.Equal("sha512", (string?)image["os_hash_algo"]);
        Assert.Equal(Convert.ToHexStringLower(SHA512.HashData(data)), (string?)image["os_hash_value"]);
        var download = await client.GetAsync($"/image/v2/images/{id}/file");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal((string?)image["checksum"], download.Content.Headers.NonValidated["Content-MD5"].ToString());
    }

    [Fact]
    public async Task Download_of_an_image_with_no_data_is_204_and_a_second_upload_409()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = (string)(await CreateAsync(client))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync($"/image/v2/images/{id}/file")).StatusCode);
        await UploadAsync(client, id, [1, 2, 3]);
        await ErrorAsync(await UploadAsync(client, id, [4]), HttpStatusCode.Conflict);
        Assert.Equal([1, 2, 3], await (await client.GetAsync($"/image/v2/images/{id}/file")).Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_upload_over_the_size_cap_is_413_and_the_image_is_queued_with_no_file()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = (string)(await CreateAsync(client))["id"]!;

        var message = await ErrorAsync(await UploadAsync(client, id, new byte[64 * 1024 + 1]), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("65536", message, StringComparison.Ordinal);
        var image = await ShowAsync(client, id);
        Assert.Equal("queued", (string?)image["status"]);
        Assert.Null(image["size"]);
        Assert.Empty(Directory.EnumerateFiles(_cloud.Host.Shared.Options.ImagesPath, $"{id}*"));
        Assert.Equal(HttpStatusCode.NoContent, (await UploadAsync(client, id, new byte[64 * 1024])).StatusCode);
    }

    [Fact]
    public async Task A_streamed_upload_over_the_cap_without_a_length_is_cut_off_the_same_way()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = (string)(await CreateAsync(client))["id"]!;
        var content = new StreamContent(new MemoryStream(new byte[200 * 1024]));
        content.Headers.ContentType = new("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/image/v2/images/{id}/file") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await ErrorAsync(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("queued", (string?)(await ShowAsync(client, id))["status"]);
        Assert.Empty(Directory.EnumerateFiles(_cloud.Host.Shared.Options.ImagesPath, $"{id}*"));
    }

    [Fact]
    public async Task Upload_needs_octet_stream()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = (string)(await CreateAsync(client))["id"]!;

        var response = await client.PutAsync($"/image/v2/images/{id}/file", new StringContent("data"));

        Assert.Contains("application/octet-stream", await ErrorAsync(response, HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Equal("queued", (string?)(await ShowAsync(client, id))["status"]);
    }

    [Fact]
    public async Task Delete_is_204_and_removes_the_data_and_protected_images_are_403_until_unprotected()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var id = await CreateActiveAsync(client, "gone", [1, 2, 3]);
        var keep = (string)(await CreateAsync(client, new { name = "keep", disk_format = "raw", container_format = "bare", @protected = true }))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/image/v2/images/{id}")).StatusCode);
        await ErrorAsync(await client.GetAsync($"/image/v2/images/{id}"), HttpStatusCode.NotFound);
        Assert.Empty(Directory.EnumerateFiles(_cloud.Host.Shared.Options.ImagesPath, $"{id}*"));

        Assert.Contains("protected", await ErrorAsync(await client.DeleteAsync($"/image/v2/images/{keep}"), HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal("queued", (string?)(await ShowAsync(client, keep))["status"]);
        await PatchAsync(client, keep, """[{"op": "replace", "path": "/protected", "value": false}]""");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/image/v2/images/{keep}")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_token_are_401_in_Glance_shape()
    {
        var response = await _cloud.Http.GetAsync("/image/v2/images");

        Assert.Contains("authentication", await ErrorAsync(response, HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_image_registered_by_the_operator_is_public_to_every_project()
    {
        var client = await _cloud.ClientAsync("project-z", "zed");

        var image = await ShowAsync(client, _cloud.Image.Id.ToString());

        Assert.Equal("public", (string?)image["visibility"]);
        Assert.Equal(ImageVisibility.Public, _cloud.Image.Visibility);
    }

    [Theory]
    [InlineData("image", "properties")]
    [InlineData("images", "links")]
    [InlineData("member", "properties")]
    [InlineData("members", "links")]
    public async Task Schemas_are_published_for_the_clients(string name, string member)
    {
        var client = await _cloud.ClientAsync("project-a", "alice");

        var schema = await ReadAsync(await client.GetAsync($"/image/v2/schemas/{name}"));

        Assert.Equal(name, (string?)schema["name"]);
        Assert.NotNull(schema[member]);
    }

    [Fact]
    public async Task The_image_schema_lists_every_field_an_image_shows()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");
        var image = await CreateAsync(client);

        var properties = (await ReadAsync(await client.GetAsync("/image/v2/schemas/image")))["properties"]!.AsObject();

        Assert.All(image.Select(p => p.Key), key => Assert.True(properties.ContainsKey(key), key));
        Assert.Equal("string", (string?)(await ReadAsync(await client.GetAsync("/image/v2/schemas/image")))["additionalProperties"]!["type"]);
    }

    [Fact]
    public async Task Import_info_offers_no_methods_so_clients_upload_with_put()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");

        var info = await ReadAsync(await client.GetAsync("/image/v2/info/import"));

        Assert.Empty(info["import-methods"]!["value"]!.AsArray());
    }

    [Fact]
    public async Task An_empty_or_malformed_id_names_no_image()
    {
        var client = await _cloud.ClientAsync("project-a", "alice");

        await ErrorAsync(await client.GetAsync("/image/v2/images/"), HttpStatusCode.NotFound);
        await ErrorAsync(await client.DeleteAsync("/image/v2/images/"), HttpStatusCode.NotFound);
        await ErrorAsync(await client.GetAsync("/image/v2/images/not-a-uuid"), HttpStatusCode.NotFound);
        await ErrorAsync(await client.DeleteAsync("/image/v2/images/0"), HttpStatusCode.NotFound);
    }
}
