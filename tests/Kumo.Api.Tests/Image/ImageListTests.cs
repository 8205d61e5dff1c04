using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;
using static Kumo.Api.Tests.Image.ImageRequests;

namespace Kumo.Api.Tests.Image;

public sealed class ImageListTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;
    private HttpClient _client = null!;
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _client = await _cloud.ClientAsync("project-a", "alice");
        _ids["b-small"] = await CreateActiveAsync(_client, "b-small", new byte[100]);
        _ids["a-big"] = await CreateActiveAsync(_client, "a-big", new byte[3000]);
        _ids["c-queued"] = (string)(await CreateAsync(_client, new { name = "c-queued", disk_format = "qcow2", container_format = "bare", tags = new[] { "x86" }, arch = "x86_64" }))["id"]!;
        _ids["d-hidden"] = (string)(await CreateAsync(_client, new { name = "d-hidden", disk_format = "raw", container_format = "bare", os_hidden = true }))["id"]!;
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private string[] Ids(params string[] names) => [.. names.Select(n => _ids[n])];

    [Fact]
    public async Task The_default_list_is_newest_first_with_first_and_schema_and_no_hidden_images()
    {
        var body = await ReadAsync(await _client.GetAsync("/image/v2/images"));

        var ids = body["images"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.Equal([.. Ids("c-queued", "a-big", "b-small"), _cloud.Image.Id.ToString()], ids);
        Assert.Equal("/v2/images", (string?)body["first"]);
        Assert.Equal("/v2/schemas/images", (string?)body["schema"]);
        Assert.Null(body["next"]);
    }

    [Theory]
    [InlineData("?status=active&owner=p-project-a", new[] { "a-big", "b-small" })]
    [InlineData("?name=b-small", new[] { "b-small" })]
    [InlineData("?disk_format=qcow2", new[] { "c-queued" })]
    [InlineData("?container_format=bare&visibility=shared", new[] { "c-queued" })]
    [InlineData("?visibility=private", new[] { "a-big", "b-small" })]
    [InlineData("?tag=x86", new[] { "c-queued" })]
    [InlineData("?arch=x86_64", new[] { "c-queued" })]
    [InlineData("?size_min=1000&size_max=3000", new[] { "a-big" })]
    [InlineData("?size=100", new[] { "b-small" })]
    [InlineData("?os_hidden=true", new[] { "d-hidden" })]
    [InlineData("?owner=p-project-a&sort_key=name&sort_dir=asc", new[] { "a-big", "b-small", "c-queued" })]
    [InlineData("?owner=p-project-a&sort=size:desc,name:asc", new[] { "a-big", "b-small", "c-queued" })]
    public async Task Filters_and_sorting_select_what_Glance_would(string query, string[] expected)
    {
        Assert.Equal(Ids(expected), await ListIdsAsync(_client, query));
    }

    [Fact]
    public async Task Paging_follows_next_links_to_the_end_without_repeats()
    {
        var seen = new List<string>();
        var url = "/image/v2/images?limit=2&sort_key=name&sort_dir=asc";
        var pages = 0;
        while (url is not null)
        {
            var body = await ReadAsync(await _client.GetAsync(url));
            seen.AddRange(body["images"]!.AsArray().Select(i => (string)i!["name"]!));
            url = body["next"] is JsonNode next ? "/image" + (string)next! : null;
            pages++;
        }

        Assert.Equal(["a-big", "b-small", "c-queued", "test-image"], seen);
        Assert.Equal(2, pages);
    }

    [Theory]
    [InlineData("?status=bogus", "bogus")]
    [InlineData("?visibility=everyone", "everyone")]
    [InlineData("?sort_key=owner", "owner")]
    [InlineData("?sort=name:sideways", "sideways")]
    [InlineData("?sort=name&sort_key=size", "cannot be combined")]
    [InlineData("?limit=two", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?marker=not-a-uuid", "not-a-uuid")]
    [InlineData("?marker=00000000-1111-2222-3333-444455556666", "00000000-1111-2222-3333-444455556666")]
    [InlineData("?os_hidden=maybe", "os_hidden")]
    [InlineData("?member_status=keen", "keen")]
    [InlineData("?size_min=big", "size_min")]
    [InlineData("?changes-since=2020-01-01", "changes-since")]
    public async Task Bad_parameters_are_400_naming_the_problem(string query, string named)
    {
        var message = await ErrorAsync(await _client.GetAsync("/image/v2/images" + query), HttpStatusCode.BadRequest);

        Assert.Contains(named, message, StringComparison.Ordinal);
    }
}
