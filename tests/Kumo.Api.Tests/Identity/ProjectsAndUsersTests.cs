using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Identity;

public sealed class ProjectsAndUsersTests() : ApiCloudTest(TestClients.Admin)
{
    [Fact]
    public async Task Project_create_show_list_update_delete_in_Keystone_shape()
    {
        var created = await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json(new JsonObject
        {
            ["project"] = new JsonObject { ["name"] = "web", ["description"] = "web tier", ["domain_id"] = "default" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = (await created.BodyAsync())["project"]!;
        var id = (string)project["id"]!;
        Assert.Equal(32, id.Length);
        Assert.Equal("default", (string?)project["domain_id"]);
        Assert.Equal("default", (string?)project["parent_id"]);
        Assert.True((bool)project["enabled"]!);
        Assert.False((bool)project["is_domain"]!);
        Assert.Equal($"http://kumo.test/identity/v3/projects/{id}", (string?)project["links"]!["self"]);

        var shown = (await (await Admin.GetAsync($"/identity/v3/projects/{id}")).BodyAsync())["project"]!;
        Assert.Equal("web tier", (string?)shown["description"]);

        var list = await (await Admin.GetAsync("/identity/v3/projects?name=web")).BodyAsync();
        Assert.Equal([id], list["projects"]!.AsArray().Select(p => (string)p!["id"]!));
        Assert.Equal("http://kumo.test/identity/v3/projects?name=web", (string?)list["links"]!["self"]);
        Assert.Null(list["links"]!["next"]);
        Assert.Equal(3, (await (await Admin.GetAsync("/identity/v3/projects?domain_id=default")).BodyAsync())["projects"]!.AsArray().Count);

        var patched = await Admin.PatchAsync($"/identity/v3/projects/{id}", IdentityJson.Json("""{"project": {"enabled": false, "description": "off"}}"""));
        Assert.False((bool)(await patched.BodyAsync())["project"]!["enabled"]!);
        Assert.Empty((await (await Admin.GetAsync("/identity/v3/projects?name=web&enabled=true")).BodyAsync())["projects"]!.AsArray());

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/identity/v3/projects/{id}")).StatusCode);
        var gone = await (await Admin.GetAsync($"/identity/v3/projects/{id}")).KeystoneErrorAsync(404);
        Assert.Equal($"Could not find project: {id}.", (string?)gone["message"]);
    }

    [Fact]
    public async Task A_duplicate_project_or_user_name_is_409_and_creates_nothing()
    {
        var duplicate = await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"name": "demo", "domain_id": "default"}}"""));
        var error = await duplicate.KeystoneErrorAsync(409);
        Assert.Equal("Conflict occurred attempting to store project - Duplicate entry found with name demo at domain ID default.", (string?)error["message"]);
        Assert.Single((await (await Admin.GetAsync("/identity/v3/projects?name=demo")).BodyAsync())["projects"]!.AsArray());

        var user = await Admin.PostAsync("/identity/v3/users", IdentityJson.Json("""{"user": {"name": "demo", "password": "x", "domain_id": "default"}}"""));
        Assert.Contains("Duplicate entry found with name demo", (string?)(await user.KeystoneErrorAsync(409))["message"]);
    }

    [Fact]
    public async Task Bad_input_is_400_naming_the_field_and_changes_nothing()
    {
        var before = (await (await Admin.GetAsync("/identity/v3/projects")).BodyAsync())["projects"]!.AsArray().Count;
        var noName = await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"description": "x"}}"""));
        Assert.Contains("'name'", (string?)(await noName.KeystoneErrorAsync(400))["message"]);
        var wrongType = await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"name": "x", "enabled": "yes"}}"""));
        Assert.Contains("'enabled'", (string?)(await wrongType.KeystoneErrorAsync(400))["message"]);
        var badDomain = await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"name": "x", "domain_id": "nope"}}"""));
        Assert.Equal("Could not find domain: nope.", (string?)(await badDomain.KeystoneErrorAsync(404))["message"]);
        Assert.Equal(before, (await (await Admin.GetAsync("/identity/v3/projects")).BodyAsync())["projects"]!.AsArray().Count);
    }

    [Fact]
    public async Task User_create_shows_no_password_and_the_user_can_log_in()
    {
        var created = await Admin.PostAsync("/identity/v3/users", IdentityJson.Json(new JsonObject
        {
            ["user"] = new JsonObject { ["name"] = "carol", ["password"] = "carol-secret", ["domain_id"] = "default", ["email"] = "carol@example.org" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("carol-secret", text);
        Assert.DoesNotContain("password_hash", text);
        var user = JsonNode.Parse(text)!["user"]!;
        Assert.Equal("carol@example.org", (string?)user["email"]);
        Assert.Null(user["password_expires_at"]);

        var login = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("carol", "carol-secret", null)));
        Assert.Equal(HttpStatusCode.Created, login.StatusCode);

        Assert.Single((await (await Admin.GetAsync("/identity/v3/users?name=carol&domain_id=default")).BodyAsync())["users"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/identity/v3/users/{user["id"]}")).StatusCode);
        await (await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("carol", "carol-secret", null)))).KeystoneErrorAsync(401);
    }

    [Fact]
    public async Task A_member_gets_403_for_the_admin_API_and_nothing_is_created()
    {
        var member = await Cloud.ClientAsync("project-a", "alice", "member");
        var list = await member.GetAsync("/identity/v3/users");
        Assert.Equal("You are not authorized to perform the requested action: identity:list_users.", (string?)(await list.KeystoneErrorAsync(403))["message"]);
        var create = await member.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"name": "sneaky"}}"""));
        Assert.Equal("You are not authorized to perform the requested action: identity:create_project.", (string?)(await create.KeystoneErrorAsync(403))["message"]);
        Assert.Empty((await (await Admin.GetAsync("/identity/v3/projects?name=sneaky")).BodyAsync())["projects"]!.AsArray());
        await (await member.GetAsync("/identity/v3/roles")).KeystoneErrorAsync(403);
        await (await member.GetAsync("/identity/v3/role_assignments")).KeystoneErrorAsync(403);
    }

    [Fact]
    public async Task A_user_reads_himself_and_his_projects_but_not_others()
    {
        var alice = await Cloud.ClientAsync("project-a", "alice", "member");
        var aliceId = await UserIdAsync("alice");
        var self = await alice.GetAsync($"/identity/v3/users/{aliceId}");
        Assert.Equal("alice", (string?)(await self.BodyAsync())["user"]!["name"]);
        var projects = await (await alice.GetAsync($"/identity/v3/users/{aliceId}/projects")).BodyAsync();
        Assert.Equal(["project-a"], projects["projects"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.Equal(["project-a"], (await (await alice.GetAsync("/identity/v3/auth/projects")).BodyAsync())["projects"]!.AsArray().Select(p => (string)p!["name"]!));

        var adminId = await UserIdAsync("admin");
        await (await alice.GetAsync($"/identity/v3/users/{adminId}")).KeystoneErrorAsync(403);
        await (await alice.GetAsync($"/identity/v3/users/{adminId}/projects")).KeystoneErrorAsync(403);
    }

    [Fact]
    public async Task A_user_changes_his_own_password_which_revokes_his_tokens()
    {
        var bob = await Cloud.ClientAsync("project-b", "bob", "member");
        var bobId = await UserIdAsync("bob");
        var wrong = await bob.PostAsync($"/identity/v3/users/{bobId}/password", IdentityJson.Json("""{"user": {"original_password": "wrong", "password": "new-pass"}}"""));
        await wrong.KeystoneErrorAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/identity/v3/users/{bobId}")).StatusCode);

        var oldPassword = ApiCloud.PasswordOf("bob");
        var change = await bob.PostAsync($"/identity/v3/users/{bobId}/password", IdentityJson.Json(new JsonObject
        {
            ["user"] = new JsonObject { ["original_password"] = oldPassword, ["password"] = "new-pass" },
        }));
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        await (await bob.GetAsync($"/identity/v3/users/{bobId}")).KeystoneErrorAsync(401);
        await (await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("bob", oldPassword, "project-b")))).KeystoneErrorAsync(401);
        Assert.Equal(HttpStatusCode.Created, (await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("bob", "new-pass", "project-b")))).StatusCode);
    }

    private async Task<string> UserIdAsync(string name) =>
        (string)(await (await Admin.GetAsync($"/identity/v3/users?name={name}")).BodyAsync())["users"]![0]!["id"]!;
}
