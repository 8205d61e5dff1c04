using System.Net;
using System.Net.Http.Json;
using Kumo.Api.Tests.Support;
using static Kumo.Api.Tests.Image.ImageRequests;

namespace Kumo.Api.Tests.Image;

public sealed class ImageMembersTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private HttpClient _carol = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _alice = await _cloud.ClientAsync("project-a", "alice");
        _bob = await _cloud.ClientAsync("project-b", "bob");
        _carol = await _cloud.ClientAsync("project-c", "carol");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task A_shared_image_is_offered_accepted_listed_and_withdrawn()
    {
        var id = (string)(await CreateAsync(_alice, "offer", "shared"))["id"]!;
        await ErrorAsync(await _bob.GetAsync($"/image/v2/images/{id}"), HttpStatusCode.NotFound);

        var created = await _alice.PostAsJsonAsync($"/image/v2/images/{id}/members", new { member = "p-project-b" });

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var member = await ReadAsync(created);
        Assert.Equal(["created_at", "image_id", "member_id", "schema", "status", "updated_at"], member.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(("pending", "p-project-b", id), ((string?)member["status"], (string?)member["member_id"], (string?)member["image_id"]));
        Assert.Equal("offer", (string?)(await ShowAsync(_bob, id))["name"]); // a member sees it before answering
        Assert.DoesNotContain(id, await ListIdsAsync(_bob));
        Assert.Contains(id, await ListIdsAsync(_bob, "?member_status=pending"));

        var accepted = await _bob.PutAsJsonAsync($"/image/v2/images/{id}/members/p-project-b", new { status = "accepted" });
        Assert.Equal("accepted", (string?)(await ReadAsync(accepted))["status"]);
        Assert.Contains(id, await ListIdsAsync(_bob));
        Assert.Contains(id, await ListIdsAsync(_bob, "?visibility=shared"));
        await ErrorAsync(await _carol.GetAsync($"/image/v2/images/{id}"), HttpStatusCode.NotFound);

        var members = await ReadAsync(await _alice.GetAsync($"/image/v2/images/{id}/members"));
        Assert.Equal("/v2/schemas/members", (string?)members["schema"]);
        Assert.Single(members["members"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync($"/image/v2/images/{id}/members/p-project-b")).StatusCode);
        await ErrorAsync(await _bob.GetAsync($"/image/v2/images/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_owner_adds_members_only_the_member_answers_and_only_shared_images_have_members()
    {
        var shared = (string)(await CreateAsync(_alice, "s", "shared"))["id"]!;
        var priv = (string)(await CreateAsync(_alice, "p", "private"))["id"]!;
        await _alice.PostAsJsonAsync($"/image/v2/images/{shared}/members", new { member = "p-project-b" });

        await ErrorAsync(await _bob.PostAsJsonAsync($"/image/v2/images/{shared}/members", new { member = "p-project-c" }), HttpStatusCode.Forbidden);
        await ErrorAsync(await _alice.PutAsJsonAsync($"/image/v2/images/{shared}/members/p-project-b", new { status = "accepted" }), HttpStatusCode.Forbidden);
        Assert.Contains("shared", await ErrorAsync(await _alice.PostAsJsonAsync($"/image/v2/images/{priv}/members", new { member = "p-project-b" }), HttpStatusCode.Forbidden), StringComparison.Ordinal);
        await ErrorAsync(await _alice.PostAsJsonAsync($"/image/v2/images/{shared}/members", new { member = "p-project-b" }), HttpStatusCode.Conflict);
        Assert.Contains("keen", await ErrorAsync(await _bob.PutAsJsonAsync($"/image/v2/images/{shared}/members/p-project-b", new { status = "keen" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await ErrorAsync(await _alice.PostAsJsonAsync($"/image/v2/images/{shared}/members", new { other = "x" }), HttpStatusCode.BadRequest);
        await ErrorAsync(await _alice.GetAsync($"/image/v2/images/{shared}/members/p-project-z"), HttpStatusCode.NotFound);

        var member = await ReadAsync(await _bob.GetAsync($"/image/v2/images/{shared}/members/p-project-b"));
        Assert.Equal("pending", (string?)member["status"]);
        var bobsView = await ReadAsync(await _bob.GetAsync($"/image/v2/images/{shared}/members"));
        Assert.Single(bobsView["members"]!.AsArray());
    }
}
