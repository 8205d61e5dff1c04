using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using Kumo.Compute.Api;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Api.Tests.Compute;

public sealed class FlavorAccessTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;
    private HttpClient _admin = null!;
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _admin = await _cloud.AdminClientAsync();
        _alice = await _cloud.ClientAsync("project-a", "alice", "member", "reader");
        _bob = await _cloud.ClientAsync("project-b", "bob", "member", "reader");
        var (status, _) = await _admin.PostJsonAsync("/flavors", JsonNode.Parse(
            """{"flavor": {"name": "secret", "id": "secret", "ram": 64, "vcpus": 1, "disk": 0, "os-flavor-access:is_public": false}}"""));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static JsonObject Action(string name, string tenant) => new() { [name] = new JsonObject { ["tenant"] = tenant } };

    private static string[] Ids(JsonNode? body) => body!["flavors"]!.AsArray().Select(f => (string)f!["id"]!).ToArray();

    [Fact]
    public async Task A_private_flavor_is_invisible_to_projects_without_access()
    {
        Assert.DoesNotContain("secret", Ids((await _alice.GetJsonAsync("/flavors")).Body));
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetJsonAsync("/flavors/secret")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetJsonAsync("/flavors/secret/os-extra_specs")).Status);
        // An admin sees it when asking for private or all flavors.
        Assert.Contains("secret", Ids((await _admin.GetJsonAsync("/flavors?is_public=false")).Body));
        Assert.Contains("secret", Ids((await _admin.GetJsonAsync("/flavors?is_public=none")).Body));
        Assert.DoesNotContain("1", Ids((await _admin.GetJsonAsync("/flavors?is_public=false")).Body));
    }

    [Fact]
    public async Task Granted_access_shows_it_to_that_project_only_until_removed()
    {
        var (status, body) = await _admin.PostJsonAsync("/flavors/secret/action", Action("addTenantAccess", "p-project-a"));
        Assert.Equal(HttpStatusCode.OK, status);
        var entry = body!["flavor_access"]!.AsArray().Single()!;
        Assert.Equal(["flavor_id", "tenant_id"], entry.Keys());
        Assert.Equal("p-project-a", (string?)entry["tenant_id"]);

        Assert.Contains("secret", Ids((await _alice.GetJsonAsync("/flavors")).Body));
        Assert.Equal(HttpStatusCode.OK, (await _alice.GetJsonAsync("/flavors/secret")).Status);
        Assert.DoesNotContain("secret", Ids((await _bob.GetJsonAsync("/flavors")).Body));
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetJsonAsync("/flavors/secret")).Status);

        var (listStatus, list) = await _admin.GetJsonAsync("/flavors/secret/os-flavor-access");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Single(list!["flavor_access"]!.AsArray());

        (status, body) = await _admin.PostJsonAsync("/flavors/secret/action", Action("removeTenantAccess", "p-project-a"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body!["flavor_access"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetJsonAsync("/flavors/secret")).Status);
    }

    [Fact]
    public async Task A_private_flavor_boots_only_in_projects_it_is_shared_with()
    {
        var compute = _cloud.Host.Api.App!.Services.GetRequiredService<ComputeApi>();
        RequestContext Member(string project) => new(RequestContext.NewRequestId(), "u-" + project, "p-" + project) { Roles = ["member"] };
        var before = (await _cloud.Host.Shared.Stores.Instances.ListAsync()).Count;
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            compute.CreateAsync(Member("project-b"), new CreateServerRequest("sneaky", "secret", _cloud.Image.Id, [])));
        Assert.Contains("Flavor secret could not be found", error.Message);
        Assert.Equal(before, (await _cloud.Host.Shared.Stores.Instances.ListAsync()).Count);

        await _admin.PostJsonAsync("/flavors/secret/action", Action("addTenantAccess", "p-project-a"));
        var instance = await compute.CreateAsync(Member("project-a"), new CreateServerRequest("allowed", "secret", _cloud.Image.Id, []));
        Assert.Equal("secret", instance.Flavor.Id);
    }

    [Fact]
    public async Task Access_errors_are_Novas()
    {
        await _admin.PostJsonAsync("/flavors/secret/action", Action("addTenantAccess", "p-x"));
        var (status, body) = await _admin.PostJsonAsync("/flavors/secret/action", Action("addTenantAccess", "p-x"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already exists for flavor secret and project p-x", body.NovaMessage());
        (status, _) = await _admin.PostJsonAsync("/flavors/secret/action", Action("removeTenantAccess", "p-none"));
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await _admin.PostJsonAsync("/flavors/1/action", Action("addTenantAccess", "p-x"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Can not add access to a public flavor.", body.NovaMessage());
        (status, _) = await _admin.GetJsonAsync("/flavors/1/os-flavor-access");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, _) = await _alice.PostJsonAsync("/flavors/secret/action", Action("addTenantAccess", "p-project-a"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        (status, _) = await _alice.GetJsonAsync("/flavors/secret/os-flavor-access");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.GetJsonAsync("/flavors/secret")).Status);
    }

    [Fact]
    public async Task Extra_specs_are_set_read_updated_and_deleted_by_admins()
    {
        var (status, body) = await _admin.PostJsonAsync("/flavors/1/os-extra_specs",
            JsonNode.Parse("""{"extra_specs": {"hw:cpu_policy": "dedicated", "quota:cpu_shares": 1024}}"""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1024", (string?)body!["extra_specs"]!["quota:cpu_shares"]);

        (status, body) = await _alice.GetJsonAsync("/flavors/1/os-extra_specs");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["hw:cpu_policy", "quota:cpu_shares"], body!["extra_specs"].Keys());

        (status, body) = await _admin.PutJsonAsync("/flavors/1/os-extra_specs/hw:cpu_policy", JsonNode.Parse("""{"hw:cpu_policy": "shared"}"""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("shared", (string?)body!["hw:cpu_policy"]);
        Assert.Equal("shared", (string?)(await _alice.GetJsonAsync("/flavors/1/os-extra_specs/hw:cpu_policy")).Body!["hw:cpu_policy"]);

        (status, body) = await _admin.PutJsonAsync("/flavors/1/os-extra_specs/hw:cpu_policy", JsonNode.Parse("""{"other": "x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("mismatch", body.NovaMessage());

        (status, _) = await _alice.PostJsonAsync("/flavors/1/os-extra_specs", JsonNode.Parse("""{"extra_specs": {"a": "b"}}"""));
        Assert.Equal(HttpStatusCode.Forbidden, status);

        Assert.Equal(HttpStatusCode.OK, (await _admin.DeleteJsonAsync("/flavors/1/os-extra_specs/hw:cpu_policy")).Status);
        (status, body) = await _alice.GetJsonAsync("/flavors/1/os-extra_specs/hw:cpu_policy");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Flavor 1 has no extra specs with key hw:cpu_policy.", body.NovaMessage());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteJsonAsync("/flavors/1/os-extra_specs/hw:cpu_policy")).Status);
        Assert.Equal(["quota:cpu_shares"], (await _alice.GetJsonAsync("/flavors/1/os-extra_specs")).Body!["extra_specs"].Keys());
    }

    [Fact]
    public async Task Bad_extra_spec_keys_are_400_and_set_nothing()
    {
        var (status, body) = await _admin.PostJsonAsync("/flavors/1/os-extra_specs", JsonNode.Parse("""{"extra_specs": {"ok": "1", "bad/key": "x"}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("bad/key", body.NovaMessage());
        Assert.Empty((await _admin.GetJsonAsync("/flavors/1/os-extra_specs")).Body!["extra_specs"]!.AsObject());
    }
}
