using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute;

public sealed class FlavorsTests : IAsyncLifetime
{
    private static readonly string[] DetailFields =
        ["OS-FLV-DISABLED:disabled", "OS-FLV-EXT-DATA:ephemeral", "disk", "id", "links", "name", "os-flavor-access:is_public", "ram", "rxtx_factor", "swap", "vcpus"];

    private ApiCloud _cloud = null!;
    private HttpClient _admin = null!;
    private HttpClient _member = null!;

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _admin = await _cloud.AdminClientAsync();
        _member = await _cloud.ClientAsync("project-a", "alice", "member", "reader");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static JsonObject Flavor(string name, object? id = null, int ram = 256, int vcpus = 1, int disk = 1, bool? isPublic = null)
    {
        var flavor = new JsonObject { ["name"] = name, ["ram"] = ram, ["vcpus"] = vcpus, ["disk"] = disk };
        if (id is not null)
        {
            flavor["id"] = JsonValue.Create(id);
        }
        if (isPublic is { } p)
        {
            flavor["os-flavor-access:is_public"] = p;
        }
        return new JsonObject { ["flavor"] = flavor };
    }

    [Fact]
    public async Task List_shows_the_default_flavors_with_id_name_and_links_only()
    {
        var (status, body) = await _member.GetJsonAsync("/flavors");
        Assert.Equal(HttpStatusCode.OK, status);
        var flavors = body!["flavors"]!.AsArray();
        Assert.Equal(["0", "1", "2", "3"], flavors.Select(f => (string)f!["id"]!).ToArray());
        Assert.Equal(["id", "links", "name"], flavors[1].Keys());
        Assert.Equal("http://kumo.test/compute/v2.1/flavors/1", (string?)flavors[1]!["links"]![0]!["href"]);
        Assert.Equal("http://kumo.test/compute/flavors/1", (string?)flavors[1]!["links"]![1]!["href"]);
        Assert.Null(body["flavors_links"]);
    }

    [Fact]
    public async Task Detail_has_exactly_Nova_2_1_fields_with_swap_empty_when_none()
    {
        var (status, body) = await _member.GetJsonAsync("/flavors/detail");
        Assert.Equal(HttpStatusCode.OK, status);
        var tiny = body!["flavors"]!.AsArray().Single(f => (string?)f!["name"] == "m1.tiny")!;
        Assert.Equal(DetailFields, tiny.Keys());
        Assert.Equal(512, (int)tiny["ram"]!);
        Assert.Equal("", (string?)tiny["swap"]);
        Assert.True((bool)tiny["os-flavor-access:is_public"]!);
        Assert.Equal(1.0, (double)tiny["rxtx_factor"]!);
    }

    [Fact]
    public async Task Detail_filters_by_minRam_and_minDisk_and_sorts()
    {
        var (_, body) = await _member.GetJsonAsync("/flavors/detail?minRam=1024&minDisk=20");
        Assert.Equal(["m1.small", "m1.medium"], body!["flavors"]!.AsArray().Select(f => (string)f!["name"]!).ToArray());
        (_, body) = await _member.GetJsonAsync("/flavors?sort_key=memory_mb&sort_dir=desc");
        Assert.Equal(["3", "2", "1", "0"], body!["flavors"]!.AsArray().Select(f => (string)f!["id"]!).ToArray());
        var (status, error) = await _member.GetJsonAsync("/flavors?minRam=lots");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("minRam", error.NovaMessage());
        (status, error) = await _member.GetJsonAsync("/flavors?sort_key=colour");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("colour", error.NovaMessage());
    }

    [Fact]
    public async Task Limit_and_marker_page_with_a_next_link()
    {
        var (status, body) = await _member.GetJsonAsync("/flavors?limit=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["0", "1"], body!["flavors"]!.AsArray().Select(f => (string)f!["id"]!).ToArray());
        var next = (string)body["flavors_links"]![0]!["href"]!;
        Assert.Equal("http://kumo.test/compute/v2.1/flavors?limit=2&marker=1", next);
        (_, body) = await _member.GetJsonAsync("/flavors?limit=2&marker=1");
        Assert.Equal(["2", "3"], body!["flavors"]!.AsArray().Select(f => (string)f!["id"]!).ToArray());
        var (badStatus, error) = await _member.GetJsonAsync("/flavors?marker=nope");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("marker [nope] not found", error.NovaMessage());
    }

    [Fact]
    public async Task Show_returns_one_flavor_and_an_unknown_one_is_404()
    {
        var (status, body) = await _member.GetJsonAsync("/flavors/2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(DetailFields, body!["flavor"].Keys());
        Assert.Equal("m1.small", (string?)body["flavor"]!["name"]);
        (status, body) = await _member.GetJsonAsync("/flavors/missing");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Flavor missing could not be found.", body.NovaMessage());
    }

    [Fact]
    public async Task Admin_creates_with_all_fields_and_it_is_listed()
    {
        var body = Flavor("custom.1", id: "custom-1", ram: 1024, vcpus: 2, disk: 10);
        body["flavor"]!["OS-FLV-EXT-DATA:ephemeral"] = 5;
        body["flavor"]!["swap"] = "512";
        body["flavor"]!["rxtx_factor"] = 2.5;
        var (status, created) = await _admin.PostJsonAsync("/flavors", body);
        Assert.Equal(HttpStatusCode.OK, status);
        var flavor = created!["flavor"]!;
        Assert.Equal(DetailFields, flavor.Keys());
        Assert.Equal("custom-1", (string?)flavor["id"]);
        Assert.Equal(5, (int)flavor["OS-FLV-EXT-DATA:ephemeral"]!);
        Assert.Equal(512, (int)flavor["swap"]!);
        Assert.Equal(2.5, (double)flavor["rxtx_factor"]!);
        var (_, shown) = await _member.GetJsonAsync("/flavors/custom-1");
        Assert.Equal(1024, (int)shown!["flavor"]!["ram"]!);
    }

    [Fact]
    public async Task Create_without_id_or_with_auto_generates_a_uuid()
    {
        var (_, first) = await _admin.PostJsonAsync("/flavors", Flavor("gen.1"));
        var (_, second) = await _admin.PostJsonAsync("/flavors", Flavor("gen.2", id: "auto"));
        Assert.True(Guid.TryParse((string?)first!["flavor"]!["id"], out _));
        Assert.True(Guid.TryParse((string?)second!["flavor"]!["id"], out _));
    }

    [Fact]
    public async Task Duplicate_name_or_id_is_409_and_changes_nothing()
    {
        var (status, body) = await _admin.PostJsonAsync("/flavors", Flavor("m1.tiny", id: "new-id"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Flavor with name m1.tiny already exists.", body.NovaMessage());
        (status, body) = await _admin.PostJsonAsync("/flavors", Flavor("brand-new", id: "1"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Flavor with ID 1 already exists.", body.NovaMessage());
        var (_, list) = await _admin.GetJsonAsync("/flavors/detail");
        Assert.Equal(4, list!["flavors"]!.AsArray().Count);
        Assert.Equal(512, (int)list["flavors"]!.AsArray().Single(f => (string?)f!["id"] == "1")!["ram"]!);
    }

    [Theory]
    [InlineData("""{"flavor": {"name": "x", "ram": 0, "vcpus": 1, "disk": 1}}""", "ram")]
    [InlineData("""{"flavor": {"name": "x", "ram": "lots", "vcpus": 1, "disk": 1}}""", "ram")]
    [InlineData("""{"flavor": {"name": "x", "ram": 64, "vcpus": 1}}""", "disk")]
    [InlineData("""{"flavor": {"name": " x", "ram": 64, "vcpus": 1, "disk": 1}}""", "name")]
    [InlineData("""{"flavor": {"name": "x", "ram": 64, "vcpus": 1, "disk": -1}}""", "disk")]
    [InlineData("""{"flavor": {"name": "x", "ram": 64, "vcpus": 1, "disk": 1, "colour": "red"}}""", "colour")]
    [InlineData("""{"flavor": {"name": "x", "ram": 64, "vcpus": 1, "disk": 1, "id": "bad/id"}}""", "id")]
    [InlineData("""{"flavor": {"name": "x", "ram": 64, "vcpus": 1, "disk": 1, "rxtx_factor": 0}}""", "rxtx_factor")]
    [InlineData("""{"flavor": {"name": "x", "ram": 64, "vcpus": 1, "disk": 1, "os-flavor-access:is_public": "maybe"}}""", "is_public")]
    [InlineData("""{"flavor": {"name": "x", "ram": 64, "vcpus": 1, "disk": 1, "description": "later"}}""", "description")]
    [InlineData("""{"flavor": ["x"]}""", "flavor")]
    [InlineData("""{"flavor": {"name": "x", """, "")]
    public async Task Invalid_create_bodies_are_400_naming_the_field_and_create_nothing(string json, string field)
    {
        var (status, body) = await _admin.PostJsonAsync("/flavors", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, body.NovaMessage());
        var (_, list) = await _admin.GetJsonAsync("/flavors?is_public=none");
        Assert.Equal(4, list!["flavors"]!.AsArray().Count);
    }

    [Fact]
    public async Task Members_cannot_create_or_delete_flavors()
    {
        var (status, body) = await _member.PostJsonAsync("/flavors", Flavor("mine"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("os_compute_api:os-flavor-manage:create", body.NovaMessage());
        (status, _) = await _member.DeleteJsonAsync("/flavors/1");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(HttpStatusCode.OK, (await _member.GetJsonAsync("/flavors/1")).Status);
    }

    [Fact]
    public async Task Admin_deletes_a_flavor_with_202_and_then_it_is_404()
    {
        await _admin.PostJsonAsync("/flavors", Flavor("doomed", id: "doomed"));
        var (status, _) = await _admin.DeleteJsonAsync("/flavors/doomed");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetJsonAsync("/flavors/doomed")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.DeleteJsonAsync("/flavors/doomed")).Status);
    }

    [Fact]
    public async Task Update_description_needs_microversion_2_55()
    {
        var (status, _) = await _admin.PutJsonAsync("/flavors/1", new JsonObject { ["flavor"] = new JsonObject { ["description"] = "d" } });
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
