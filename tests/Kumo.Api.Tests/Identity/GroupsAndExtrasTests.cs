using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Identity;

public sealed class GroupsAndExtrasTests() : ApiCloudTest(TestClients.Admin)
{
    [Fact]
    public async Task Group_create_membership_and_delete()
    {
        var created = await Admin.PostAsync("/identity/v3/groups", IdentityJson.Json("""{"group": {"name": "ops", "description": "operators", "domain_id": "default"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.BodyAsync())["group"]!["id"]!;
        await (await Admin.PostAsync("/identity/v3/groups", IdentityJson.Json("""{"group": {"name": "ops", "domain_id": "default"}}"""))).KeystoneErrorAsync(409);
        var demo = (string)(await (await Admin.GetAsync("/identity/v3/users?name=demo")).BodyAsync())["users"]![0]!["id"]!;
        var member = $"/identity/v3/groups/{id}/users/{demo}";

        Assert.Equal(HttpStatusCode.NotFound, (await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, member))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.PutAsync(member, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, member))).StatusCode);
        Assert.Equal(["demo"], (await (await Admin.GetAsync($"/identity/v3/groups/{id}/users")).BodyAsync())["users"]!.AsArray().Select(u => (string)u!["name"]!));
        Assert.Equal(["ops"], (await (await Admin.GetAsync($"/identity/v3/users/{demo}/groups")).BodyAsync())["groups"]!.AsArray().Select(g => (string)g!["name"]!));
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync(member)).StatusCode);
        Assert.Empty((await (await Admin.GetAsync($"/identity/v3/groups/{id}/users")).BodyAsync())["users"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/identity/v3/groups/{id}")).StatusCode);
        Assert.Equal($"Could not find group: {id}.", (string?)(await (await Admin.GetAsync($"/identity/v3/groups/{id}")).KeystoneErrorAsync(404))["message"]);
    }

    [Fact]
    public async Task Unknown_user_attributes_are_kept_and_shown_as_Keystone_extras()
    {
        var project = (string)(await (await Admin.GetAsync("/identity/v3/projects?name=demo")).BodyAsync())["projects"]![0]!["id"]!;
        var created = await Admin.PostAsync("/identity/v3/users", IdentityJson.Json(new JsonObject
        {
            ["user"] = new JsonObject { ["name"] = "extra-user", ["password"] = "pw", ["project_id"] = project, ["team"] = "blue" },
        }));
        var id = (string)(await created.BodyAsync())["user"]!["id"]!;
        var shown = (await (await Admin.GetAsync($"/identity/v3/users/{id}")).BodyAsync())["user"]!;
        Assert.Equal(project, (string?)shown["project_id"]);
        Assert.Equal("blue", (string?)shown["team"]);
        var patched = (await (await Admin.PatchAsync($"/identity/v3/users/{id}", IdentityJson.Json("""{"user": {"team": "red"}}"""))).BodyAsync())["user"]!;
        Assert.Equal("red", (string?)patched["team"]);
        Assert.Equal(project, (string?)patched["project_id"]);
    }

    [Fact]
    public async Task Project_tags_are_kept_and_shown_in_show_and_list_and_bad_tags_are_refused()
    {
        var created = await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"name": "tagged", "domain_id": "default", "tags": ["a", "b"]}}"""));
        var id = (string)(await created.BodyAsync())["project"]!["id"]!;
        var shown = (await (await Admin.GetAsync($"/identity/v3/projects/{id}")).BodyAsync())["project"]!;
        Assert.Equal(["a", "b"], shown["tags"]!.AsArray().Select(t => (string)t!));
        var listed = (await (await Admin.GetAsync("/identity/v3/projects?name=tagged")).BodyAsync())["projects"]![0]!;
        Assert.Equal(["a", "b"], listed["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Empty((await (await Admin.GetAsync("/identity/v3/projects?name=demo")).BodyAsync())["projects"]![0]!["tags"]!.AsArray());

        await (await Admin.PatchAsync($"/identity/v3/projects/{id}", IdentityJson.Json("""{"project": {"tags": "not-a-list"}}"""))).KeystoneErrorAsync(400);
        Assert.Equal(["a", "b"], (await (await Admin.GetAsync($"/identity/v3/projects/{id}")).BodyAsync())["project"]!["tags"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task Projects_list_by_parent()
    {
        var parent = (string)(await (await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"name": "parent", "domain_id": "default"}}"""))).BodyAsync())["project"]!["id"]!;
        var child = await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json(new JsonObject { ["project"] = new JsonObject { ["name"] = "child", ["parent_id"] = parent } }));
        Assert.Equal(parent, (string?)(await child.BodyAsync())["project"]!["parent_id"]);
        var children = (await (await Admin.GetAsync($"/identity/v3/projects?parent_id={parent}")).BodyAsync())["projects"]!.AsArray();
        Assert.Equal(["child"], children.Select(p => (string)p!["name"]!));
    }
}
