using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Identity;

public sealed class RolesAndAssignmentsTests() : ApiCloudTest(TestClients.Admin)
{
    [Fact]
    public async Task The_bootstrap_roles_exist_and_admin_implies_member_implies_reader()
    {
        var roles = (await (await Admin.GetAsync("/identity/v3/roles")).BodyAsync())["roles"]!.AsArray();
        Assert.Equal(["admin", "member", "reader"], roles.Select(r => (string)r!["name"]!).Order());
        var admin = await RoleIdAsync("admin");
        var implies = (await (await Admin.GetAsync($"/identity/v3/roles/{admin}/implies")).BodyAsync())["role_inference"]!;
        Assert.Equal("admin", (string?)implies["prior_role"]!["name"]);
        Assert.Equal(["member"], implies["implies"]!.AsArray().Select(r => (string)r!["name"]!));
        var inferences = (await (await Admin.GetAsync("/identity/v3/role_inferences")).BodyAsync())["role_inferences"]!.AsArray();
        Assert.Equal(2, inferences.Count);
    }

    [Fact]
    public async Task Role_create_duplicate_and_delete()
    {
        var created = await Admin.PostAsync("/identity/v3/roles", IdentityJson.Json("""{"role": {"name": "operator"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (string)(await created.BodyAsync())["role"]!["id"]!;
        var duplicate = await Admin.PostAsync("/identity/v3/roles", IdentityJson.Json("""{"role": {"name": "operator"}}"""));
        Assert.Contains("Duplicate entry found with name operator", (string?)(await duplicate.KeystoneErrorAsync(409))["message"]);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/identity/v3/roles/{id}")).StatusCode);
        await (await Admin.GetAsync($"/identity/v3/roles/{id}")).KeystoneErrorAsync(404);
    }

    [Fact]
    public async Task Grant_check_list_and_revoke_a_project_role_as_Tempest_dynamic_credentials_do()
    {
        var project = (string)(await (await Admin.PostAsync("/identity/v3/projects", IdentityJson.Json("""{"project": {"name": "tempest-p1", "domain_id": "default"}}"""))).BodyAsync())["project"]!["id"]!;
        var user = (string)(await (await Admin.PostAsync("/identity/v3/users", IdentityJson.Json(new JsonObject
        {
            ["user"] = new JsonObject { ["name"] = "tempest-u1", ["password"] = "pw1", ["domain_id"] = "default", ["default_project_id"] = project },
        }))).BodyAsync())["user"]!["id"]!;
        var member = await RoleIdAsync("member");
        var grant = $"/identity/v3/projects/{project}/users/{user}/roles/{member}";

        await (await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("tempest-u1", "pw1", "tempest-p1")))).KeystoneErrorAsync(401);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, grant))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.PutAsync(grant, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.PutAsync(grant, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, grant))).StatusCode);
        var roles = (await (await Admin.GetAsync($"/identity/v3/projects/{project}/users/{user}/roles")).BodyAsync())["roles"]!.AsArray();
        Assert.Equal(["member"], roles.Select(r => (string)r!["name"]!));

        var login = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("tempest-u1", "pw1", "tempest-p1")));
        Assert.Equal(HttpStatusCode.Created, login.StatusCode);
        var token = login.Headers.GetValues("X-Subject-Token").Single();

        var direct = (await (await Admin.GetAsync($"/identity/v3/role_assignments?user.id={user}&scope.project.id={project}")).BodyAsync())["role_assignments"]!.AsArray();
        var only = Assert.Single(direct)!;
        Assert.Equal(member, (string?)only["role"]!["id"]);
        Assert.Equal(project, (string?)only["scope"]!["project"]!["id"]);
        Assert.Equal($"http://kumo.test{grant}", (string?)only["links"]!["assignment"]);

        var effective = (await (await Admin.GetAsync($"/identity/v3/role_assignments?user.id={user}&effective&include_names=true")).BodyAsync())["role_assignments"]!.AsArray();
        Assert.Equal(["member", "reader"], effective.Select(a => (string)a!["role"]!["name"]!).Order());
        var reader = effective.Single(a => (string?)a!["role"]!["name"] == "reader")!;
        Assert.Equal($"http://kumo.test/identity/v3/roles/{member}", (string?)reader["links"]!["prior_role"]);
        Assert.Equal("tempest-p1", (string?)reader["scope"]!["project"]!["name"]);
        Assert.Equal("Default", (string?)reader["user"]!["domain"]!["name"]);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync(grant)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, grant))).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/identity/v3/auth/catalog");
        request.Headers.Add("X-Auth-Token", token);
        await (await Cloud.Http.SendAsync(request)).KeystoneErrorAsync(401);
        await (await Admin.DeleteAsync(grant)).KeystoneErrorAsync(404);
    }

    [Fact]
    public async Task Granting_to_an_unknown_user_role_or_project_is_404_naming_it()
    {
        var member = await RoleIdAsync("member");
        var project = (string)(await (await Admin.GetAsync("/identity/v3/projects?name=demo")).BodyAsync())["projects"]![0]!["id"]!;
        Assert.Equal("Could not find user: ghost.", (string?)(await (await Admin.PutAsync($"/identity/v3/projects/{project}/users/ghost/roles/{member}", null)).KeystoneErrorAsync(404))["message"]);
        var demo = (string)(await (await Admin.GetAsync("/identity/v3/users?name=demo")).BodyAsync())["users"]![0]!["id"]!;
        Assert.Equal("Could not find role: nope.", (string?)(await (await Admin.PutAsync($"/identity/v3/projects/{project}/users/{demo}/roles/nope", null)).KeystoneErrorAsync(404))["message"]);
        Assert.Equal("Could not find project: nope.", (string?)(await (await Admin.PutAsync($"/identity/v3/projects/nope/users/{demo}/roles/{member}", null)).KeystoneErrorAsync(404))["message"]);
    }

    [Fact]
    public async Task Domain_grants_and_domain_delete_needs_it_disabled()
    {
        var created = await Admin.PostAsync("/identity/v3/domains", IdentityJson.Json("""{"domain": {"name": "other"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var domain = (string)(await created.BodyAsync())["domain"]!["id"]!;
        var demo = (string)(await (await Admin.GetAsync("/identity/v3/users?name=demo")).BodyAsync())["users"]![0]!["id"]!;
        var reader = await RoleIdAsync("reader");
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.PutAsync($"/identity/v3/domains/{domain}/users/{demo}/roles/{reader}", null)).StatusCode);
        var onDomain = (await (await Admin.GetAsync($"/identity/v3/role_assignments?scope.domain.id={domain}")).BodyAsync())["role_assignments"]!.AsArray();
        Assert.Equal(domain, (string?)Assert.Single(onDomain)!["scope"]!["domain"]!["id"]);

        var refused = await Admin.DeleteAsync($"/identity/v3/domains/{domain}");
        Assert.Equal("Cannot delete a domain that is enabled, please disable it first.", (string?)(await refused.KeystoneErrorAsync(403))["message"]);
        await Admin.PatchAsync($"/identity/v3/domains/{domain}", IdentityJson.Json("""{"domain": {"enabled": false}}"""));
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/identity/v3/domains/{domain}")).StatusCode);
        Assert.Empty((await (await Admin.GetAsync($"/identity/v3/role_assignments?scope.domain.id={domain}")).BodyAsync())["role_assignments"]!.AsArray());
        Assert.Equal(["Default"], (await (await Admin.GetAsync("/identity/v3/domains")).BodyAsync())["domains"]!.AsArray().Select(d => (string)d!["name"]!));
    }

    private async Task<string> RoleIdAsync(string name) =>
        (string)(await (await Admin.GetAsync($"/identity/v3/roles?name={name}")).BodyAsync())["roles"]![0]!["id"]!;
}
