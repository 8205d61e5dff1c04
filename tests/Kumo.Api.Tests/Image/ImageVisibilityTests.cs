using System.Net;
using System.Net.Http.Json;
using Kumo.Api.Tests.Support;
using Kumo.Compute.Api;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Microsoft.Extensions.DependencyInjection;
using static Kumo.Api.Tests.Image.ImageRequests;

namespace Kumo.Api.Tests.Image;

public sealed class ImageVisibilityTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _alice = await _cloud.ClientAsync("project-a", "alice");
        _bob = await _cloud.ClientAsync("project-b", "bob");
        _admin = await _cloud.AdminClientAsync();
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Another_project_s_private_image_is_404_for_every_call_and_admin_sees_it()
    {
        var id = await CreateActiveAsync(_alice, "secret", [1, 2, 3]);

        await ErrorAsync(await _bob.GetAsync($"/image/v2/images/{id}"), HttpStatusCode.NotFound);
        await ErrorAsync(await _bob.GetAsync($"/image/v2/images/{id}/file"), HttpStatusCode.NotFound);
        await ErrorAsync(await PatchAsync(_bob, id, """[{"op": "replace", "path": "/name", "value": "mine"}]"""), HttpStatusCode.NotFound);
        await ErrorAsync(await _bob.DeleteAsync($"/image/v2/images/{id}"), HttpStatusCode.NotFound);
        await ErrorAsync(await _bob.PutAsync($"/image/v2/images/{id}/tags/t", null), HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await ListIdsAsync(_bob, "?visibility=all"));

        Assert.Equal("secret", (string?)(await ShowAsync(_admin, id))["name"]);
        Assert.Contains(id, await ListIdsAsync(_admin));
        Assert.Equal("secret", (string?)(await ShowAsync(_alice, id))["name"]);
    }

    [Fact]
    public async Task Public_images_are_seen_by_all_but_changed_only_by_owner_or_admin()
    {
        var id = (string)(await CreateAsync(_admin, new { name = "shared-base", disk_format = "raw", container_format = "bare", visibility = "public" }))["id"]!;

        Assert.Equal("public", (string?)(await ShowAsync(_bob, id))["visibility"]);
        Assert.Contains(id, await ListIdsAsync(_bob));
        await ErrorAsync(await PatchAsync(_bob, id, """[{"op": "replace", "path": "/name", "value": "bob's"}]"""), HttpStatusCode.Forbidden);
        await ErrorAsync(await _bob.DeleteAsync($"/image/v2/images/{id}"), HttpStatusCode.Forbidden);
        Assert.Equal("shared-base", (string?)(await ShowAsync(_admin, id))["name"]);
    }

    [Fact]
    public async Task Only_admin_may_publicize_an_image()
    {
        var id = (string)(await CreateAsync(_alice, "mine"))["id"]!;

        var message = await ErrorAsync(await PatchAsync(_alice, id, """[{"op": "replace", "path": "/visibility", "value": "public"}]"""), HttpStatusCode.Forbidden);

        Assert.Contains("publicize_image", message, StringComparison.Ordinal);
        Assert.Equal("private", (string?)(await ShowAsync(_alice, id))["visibility"]);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(_admin, id, """[{"op": "replace", "path": "/visibility", "value": "public"}]""")).StatusCode);
        Assert.Equal("public", (string?)(await ShowAsync(_bob, id))["visibility"]);
    }

    [Fact]
    public async Task Community_images_are_visible_to_all_but_listed_only_when_asked()
    {
        var id = (string)(await CreateAsync(_alice, "community-img", "community"))["id"]!;

        Assert.Equal("community", (string?)(await ShowAsync(_bob, id))["visibility"]);
        Assert.DoesNotContain(id, await ListIdsAsync(_bob));
        Assert.Contains(id, await ListIdsAsync(_bob, "?visibility=community"));
        Assert.Contains(id, await ListIdsAsync(_bob, "?visibility=all"));
        Assert.Contains(id, await ListIdsAsync(_alice)); // the owner's own list has it
    }

    [Fact]
    public async Task A_reader_may_look_but_not_create_or_change()
    {
        var id = (string)(await CreateAsync(_alice, "mine"))["id"]!;
        var reader = await _cloud.ClientAsync("project-a", "rita", "reader");

        Assert.Equal("mine", (string?)(await ShowAsync(reader, id))["name"]);
        await ErrorAsync(await PatchAsync(reader, id, """[{"op": "replace", "path": "/name", "value": "x"}]"""), HttpStatusCode.Forbidden);
        await ErrorAsync(await reader.PostAsJsonAsync("/image/v2/images", new { name = "r" }), HttpStatusCode.Forbidden);
        await ErrorAsync(await UploadAsync(reader, id, [1]), HttpStatusCode.Forbidden);
        Assert.Equal("queued", (string?)(await ShowAsync(_alice, id))["status"]);
    }

    [Fact]
    public async Task Compute_boots_only_images_the_caller_may_see()
    {
        var id = Guid.Parse(await CreateActiveAsync(_alice, "alice-disk", new byte[4096]));
        var compute = _cloud.Host.Api.App!.Services.GetRequiredService<ComputeApi>();
        var bob = new RequestContext(RequestContext.NewRequestId(), "u-bob", "p-project-b") { Roles = ["member", "reader"] };
        var request = new CreateServerRequest("steal", "1", id, []);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => compute.CreateAsync(bob, request));

        Assert.Contains(id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be found", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _cloud.Host.Shared.Stores.Instances.ListAsync());
        var booted = await compute.CreateAsync(bob, request with { Name = "ok", ImageId = _cloud.Image.Id });
        Assert.Equal(_cloud.Image.Id, booted.ImageRef);
    }
}
