using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute.Servers;

public sealed class ServerMetadataTests : IAsyncLifetime
{
    private ApiCloud _cloud = null!;
    private HttpClient _alice = null!;
    private string _id = "";

    public async Task InitializeAsync()
    {
        _cloud = await ApiCloud.StartAsync();
        _alice = await _cloud.ClientAsync("project-a", "alice");
        _id = await _alice.CreateServerAsync(_cloud, "tagged");
        await _alice.WaitForStatusAsync(_id, "ACTIVE");
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private async Task<JsonObject> MetadataAsync()
    {
        var (_, body) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{_id}/metadata");
        return body!["metadata"]!.AsObject();
    }

    [Fact]
    public async Task Metadata_can_be_merged_replaced_read_set_and_deleted()
    {
        var (merged, mergedBody) = await _alice.SendAsync(HttpMethod.Post, $"/servers/{_id}/metadata", new JsonObject { ["metadata"] = new JsonObject { ["a"] = "1", ["b"] = "2" } });
        Assert.Equal(HttpStatusCode.OK, merged);
        Assert.Equal("2", (string?)mergedBody!["metadata"]!["b"]);
        await _alice.SendAsync(HttpMethod.Post, $"/servers/{_id}/metadata", new JsonObject { ["metadata"] = new JsonObject { ["c"] = "3" } });
        Assert.Equal(["a", "b", "c"], (await MetadataAsync()).Select(p => p.Key).Order());

        var (replaced, _) = await _alice.SendAsync(HttpMethod.Put, $"/servers/{_id}/metadata", new JsonObject { ["metadata"] = new JsonObject { ["z"] = "26" } });
        Assert.Equal(HttpStatusCode.OK, replaced);
        Assert.Equal(["z"], (await MetadataAsync()).Select(p => p.Key));

        var (set, setBody) = await _alice.SendAsync(HttpMethod.Put, $"/servers/{_id}/metadata/y", new JsonObject { ["meta"] = new JsonObject { ["y"] = "25" } });
        Assert.Equal(HttpStatusCode.OK, set);
        Assert.Equal("25", (string?)setBody!["meta"]!["y"]);
        var (_, item) = await _alice.SendAsync(HttpMethod.Get, $"/servers/{_id}/metadata/y");
        Assert.Equal("25", (string?)item!["meta"]!["y"]);
        Assert.Equal("25", (string?)(await _alice.ShowAsync(_id))["metadata"]!["y"]);

        Assert.Equal(HttpStatusCode.NoContent, (await _alice.SendAsync(HttpMethod.Delete, $"/servers/{_id}/metadata/y")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.SendAsync(HttpMethod.Get, $"/servers/{_id}/metadata/y")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _alice.SendAsync(HttpMethod.Delete, $"/servers/{_id}/metadata/y")).Status);
    }

    [Fact]
    public async Task More_than_128_items_is_403_and_keeps_what_was_there()
    {
        await _alice.SendAsync(HttpMethod.Put, $"/servers/{_id}/metadata", new JsonObject { ["metadata"] = new JsonObject { ["keep"] = "me" } });
        var many = new JsonObject();
        for (var i = 0; i < 128; i++)
        {
            many[$"k{i}"] = "v";
        }
        var (status, body) = await _alice.SendAsync(HttpMethod.Post, $"/servers/{_id}/metadata", new JsonObject { ["metadata"] = many });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("128", ServerCalls.Message(body));
        Assert.Equal(["keep"], (await MetadataAsync()).Select(p => p.Key));
        var (replaceAll, _) = await _alice.SendAsync(HttpMethod.Put, $"/servers/{_id}/metadata", new JsonObject { ["metadata"] = many.DeepClone() });
        Assert.Equal(HttpStatusCode.OK, replaceAll);
        Assert.Equal(128, (await MetadataAsync()).Count);
    }

    [Theory]
    [InlineData("POST", "", "{\"metadata\": {\"bad/key\": \"v\"}}", "metadata")]
    [InlineData("POST", "", "{\"metadata\": {\"k\": 7}}", "metadata/k")]
    [InlineData("POST", "", "{\"meta\": {\"k\": \"v\"}}", "'meta' was unexpected")]
    [InlineData("PUT", "/k", "{\"meta\": {\"other\": \"v\"}}", "Request body and URI mismatch")]
    [InlineData("PUT", "/k", "{\"meta\": {\"k\": \"v\", \"l\": \"w\"}}", "meta")]
    [InlineData("PUT", "", "{\"metadata\": \"flat\"}", "metadata")]
    public async Task Bad_metadata_is_400_naming_the_field_and_changes_nothing(string method, string suffix, string body, string expected)
    {
        await _alice.SendAsync(HttpMethod.Put, $"/servers/{_id}/metadata", new JsonObject { ["metadata"] = new JsonObject { ["keep"] = "me" } });
        var (status, error) = await _alice.SendAsync(new HttpMethod(method), $"/servers/{_id}/metadata{suffix}", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ServerCalls.Message(error));
        var metadata = await MetadataAsync();
        Assert.Equal("me", (string?)Assert.Single(metadata).Value);
    }
}
