using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Identity;

public sealed partial class TokenIssueTests : ApiCloudTest
{
    [Fact]
    public async Task Password_by_name_scoped_to_a_project_by_name_gives_a_201_token_with_roles_and_catalog()
    {
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("admin", ApiCloud.AdminPassword, "admin")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var subject = response.Headers.GetValues("X-Subject-Token").Single();
        Assert.Matches("^[A-Za-z0-9_-]{43}$", subject);
        var token = (await response.BodyAsync())["token"]!;
        Assert.Equal(["password"], token["methods"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("admin", (string?)token["user"]!["name"]);
        Assert.Equal("default", (string?)token["user"]!["domain"]!["id"]);
        Assert.Equal("Default", (string?)token["user"]!["domain"]!["name"]);
        Assert.Equal("admin", (string?)token["project"]!["name"]);
        Assert.Equal("Default", (string?)token["project"]!["domain"]!["name"]);
        Assert.Equal(["admin", "member", "reader"], token["roles"]!.AsArray().Select(r => (string)r!["name"]!).Order());
        Assert.Single(token["audit_ids"]!.AsArray());
        Assert.Matches(KeystoneTime(), (string)token["expires_at"]!);
        var issued = DateTimeOffset.Parse((string)token["issued_at"]!);
        Assert.Equal(TimeSpan.FromHours(1), DateTimeOffset.Parse((string)token["expires_at"]!) - issued);

        var catalog = token["catalog"]!.AsArray();
        Assert.Equal(["compute", "identity", "image", "network"], catalog.Select(s => (string)s!["type"]!).Order());
        var compute = catalog.Single(s => (string?)s!["type"] == "compute")!;
        Assert.Equal(["admin", "internal", "public"], compute["endpoints"]!.AsArray().Select(e => (string)e!["interface"]!).Order());
        Assert.All(compute["endpoints"]!.AsArray(), e => Assert.Equal("RegionOne", (string?)e!["region"]));
        Assert.Equal("http://kumo.test/compute/v2.1", (string?)compute["endpoints"]![0]!["url"]);
        Assert.Equal("http://kumo.test/identity", (string?)catalog.Single(s => (string?)s!["type"] == "identity")!["endpoints"]![0]!["url"]);
    }

    [Fact]
    public async Task Password_by_user_id_scoped_to_a_project_by_id_works_and_nocatalog_leaves_the_catalog_out()
    {
        var user = await Cloud.Host.Shared.Stores.Identity.Users.FindByNameAsync("default", "demo");
        var project = await Cloud.Host.Shared.Stores.Identity.Projects.FindByNameAsync("default", "demo");
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject { ["user"] = new JsonObject { ["id"] = user!.Id, ["password"] = ApiCloud.DemoPassword } },
                },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["id"] = project!.Id } },
            },
        };
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens?nocatalog", IdentityJson.Json(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (await response.BodyAsync())["token"]!.AsObject();
        Assert.Equal(project.Id, (string?)token["project"]!["id"]);
        Assert.Equal(["member", "reader"], token["roles"]!.AsArray().Select(r => (string)r!["name"]!).Order());
        Assert.False(token.ContainsKey("catalog"));
    }

    [Fact]
    public async Task A_domain_scoped_token_names_the_domain_and_an_unscoped_one_has_no_roles()
    {
        var domainAuth = ApiCloud.PasswordAuth("admin", ApiCloud.AdminPassword, null);
        domainAuth["auth"]!["scope"] = new JsonObject { ["domain"] = new JsonObject { ["id"] = "default" } };
        var domainToken = (await (await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(domainAuth))).BodyAsync())["token"]!.AsObject();
        Assert.Equal("default", (string?)domainToken["domain"]!["id"]);
        Assert.False(domainToken.ContainsKey("project"));
        Assert.Contains("admin", domainToken["roles"]!.AsArray().Select(r => (string)r!["name"]!));

        // Without a scope the admin would get his default project (Keystone's rule); "unscoped" asks for none.
        var unscopedAuth = ApiCloud.PasswordAuth("admin", ApiCloud.AdminPassword, null);
        unscopedAuth["auth"]!["scope"] = "unscoped";
        var unscoped = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(unscopedAuth));
        Assert.Equal(HttpStatusCode.Created, unscoped.StatusCode);
        var token = (await unscoped.BodyAsync())["token"]!.AsObject();
        Assert.False(token.ContainsKey("roles"));
        Assert.False(token.ContainsKey("project"));
    }

    [Fact]
    public async Task A_token_rescopes_to_a_project_keeping_its_expiry()
    {
        var unscopedAuth = ApiCloud.PasswordAuth("demo", ApiCloud.DemoPassword, null);
        unscopedAuth["auth"]!["scope"] = "unscoped";
        var unscoped = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(unscopedAuth));
        var first = unscoped.Headers.GetValues("X-Subject-Token").Single();
        var expires = (string?)(await unscoped.BodyAsync())["token"]!["expires_at"];
        var rescope = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject { ["methods"] = new JsonArray("token"), ["token"] = new JsonObject { ["id"] = first } },
                ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = "demo", ["domain"] = new JsonObject { ["id"] = "default" } } },
            },
        };
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(rescope));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (await response.BodyAsync())["token"]!;
        Assert.Equal("demo", (string?)token["project"]!["name"]);
        Assert.Equal(["password", "token"], token["methods"]!.AsArray().Select(m => (string)m!).Order());
        Assert.Equal(expires, (string?)token["expires_at"]);
        Assert.NotEqual(first, response.Headers.GetValues("X-Subject-Token").Single());
    }

    [Fact]
    public async Task A_wrong_password_is_401_in_Keystone_shape_and_stores_no_token()
    {
        var before = await TokenRowsAsync();
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("admin", "not-the-password", "admin")));
        var error = await response.KeystoneErrorAsync(401);
        Assert.Equal("The request you have made requires authentication.", (string?)error["message"]);
        Assert.Equal("Unauthorized", (string?)error["title"]);
        Assert.False(response.Headers.Contains("X-Subject-Token"));
        var unknownUser = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("nobody", "x", "admin")));
        Assert.Equal((string?)error["message"], (string?)(await unknownUser.KeystoneErrorAsync(401))["message"]);
        Assert.Equal(before, await TokenRowsAsync());
    }

    [Fact]
    public async Task A_user_without_a_role_on_the_project_gets_401()
    {
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(ApiCloud.PasswordAuth("demo", ApiCloud.DemoPassword, "admin")));
        Assert.Contains("has no access to project", (string?)(await response.KeystoneErrorAsync(401))["message"]);
    }

    [Theory]
    [InlineData("{", "Malformed")]
    [InlineData("""{"auth": {}}""", "auth.identity")]
    [InlineData("""{"auth": {"identity": {"methods": "password"}}}""", "auth.identity.methods")]
    [InlineData("""{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "admin", "password": "x"}}}}}""", "domain in user")]
    [InlineData("""{"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "x", "password": 5}}}}}""", "user.password")]
    [InlineData("""{"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "x", "password": "y"}}}, "scope": {"project": {"name": "admin"}}}}""", "domain in project")]
    public async Task A_malformed_request_is_400_naming_the_problem(string body, string named)
    {
        var before = await TokenRowsAsync();
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(body));
        var message = (string?)(await response.KeystoneErrorAsync(400))["message"];
        Assert.Contains(named, message);
        Assert.Equal(before, await TokenRowsAsync());
    }

    [Fact]
    public async Task A_password_of_the_wrong_type_is_not_echoed_in_the_error()
    {
        var body = """{"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "x", "password": 987654}}}}}""";
        var response = await Cloud.Http.PostAsync("/identity/v3/auth/tokens", IdentityJson.Json(body));
        Assert.DoesNotContain("987654", (string?)(await response.KeystoneErrorAsync(400))["message"]);
    }

    private Task<long> TokenRowsAsync() => Cloud.Host.Shared.Stores.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM identity_tokens"));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex KeystoneTime();
}
