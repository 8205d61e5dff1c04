using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>Microversions 2.26 (tags) and 2.37 (networks auto/none, networks required).</summary>
public sealed class ServerTagsTests() : ApiCloudTest(TestClients.Alice)
{
    private const string V226 = "2.26";
    private const string V237 = "2.37";

    private async Task<List<string>> TagsAsync(string id)
    {
        var (_, body) = await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/tags", microversion: V226);
        return [.. body!["tags"]!.AsArray().Select(t => (string)t!)];
    }

    [Fact]
    public async Task Tags_are_added_replaced_checked_listed_filtered_and_removed()
    {
        var id = await Alice.CreateServerAsync(Cloud, "tagged");
        await Alice.WaitForStatusAsync(id, "ACTIVE");
        var other = await Alice.CreateServerAsync(Cloud, "plain");
        await Alice.WaitForStatusAsync(other, "ACTIVE");

        Assert.Equal(HttpStatusCode.NotFound, (await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/tags")).Status);
        var (put, putBody) = await Alice.SendAsync(HttpMethod.Put, $"/servers/{id}/tags", new JsonObject { ["tags"] = new JsonArray("web", "prod") }, V226);
        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal(["web", "prod"], putBody!["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(HttpStatusCode.Created, (await Alice.SendAsync(HttpMethod.Put, $"/servers/{id}/tags/eu", microversion: V226)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.SendAsync(HttpMethod.Put, $"/servers/{id}/tags/eu", microversion: V226)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/tags/eu", microversion: V226)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Alice.SendAsync(HttpMethod.Get, $"/servers/{id}/tags/us", microversion: V226)).Status);
        Assert.Equal(["web", "prod", "eu"], await TagsAsync(id));

        var shown = await Alice.ShowAsync(id, V226);
        Assert.Equal(["web", "prod", "eu"], shown["tags"]!.AsArray().Select(t => (string)t!));
        Assert.False((await Alice.ShowAsync(id, "2.25")).ContainsKey("tags"));

        async Task<List<string>> Names(string query)
        {
            var (_, body) = await Alice.SendAsync(HttpMethod.Get, "/servers" + query, microversion: V226);
            return [.. body!["servers"]!.AsArray().Select(s => (string)s!["name"]!)];
        }
        Assert.Equal(["tagged"], await Names("?tags=web,eu"));
        Assert.Empty(await Names("?tags=web,us"));
        Assert.Equal(["tagged"], await Names("?tags-any=us,eu"));
        Assert.Equal(["plain"], await Names("?not-tags=web,eu"));
        Assert.Equal(["plain"], await Names("?not-tags-any=us,prod"));

        Assert.Equal(HttpStatusCode.NoContent, (await Alice.SendAsync(HttpMethod.Delete, $"/servers/{id}/tags/eu", microversion: V226)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Alice.SendAsync(HttpMethod.Delete, $"/servers/{id}/tags/eu", microversion: V226)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Alice.SendAsync(HttpMethod.Delete, $"/servers/{id}/tags", microversion: V226)).Status);
        Assert.Empty(await TagsAsync(id));
    }

    [Fact]
    public async Task Bad_tags_and_more_than_50_are_400_and_change_nothing()
    {
        var id = await Alice.CreateServerAsync(Cloud, "strict-tags");
        await Alice.WaitForStatusAsync(id, "ACTIVE");
        await Alice.SendAsync(HttpMethod.Put, $"/servers/{id}/tags", new JsonObject { ["tags"] = new JsonArray("keep") }, V226);

        var many = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)JsonValue.Create($"t{i}"))]);
        var (tooMany, error) = await Alice.SendAsync(HttpMethod.Put, $"/servers/{id}/tags", new JsonObject { ["tags"] = many }, V226);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Contains("limit 50", ServerCalls.Message(error));
        var (comma, commaError) = await Alice.SendAsync(HttpMethod.Put, $"/servers/{id}/tags", new JsonObject { ["tags"] = new JsonArray("a,b") }, V226);
        Assert.Equal(HttpStatusCode.BadRequest, comma);
        Assert.Contains("tags", ServerCalls.Message(commaError));
        var (number, _) = await Alice.SendAsync(HttpMethod.Put, $"/servers/{id}/tags", new JsonObject { ["tags"] = new JsonArray(5) }, V226);
        Assert.Equal(HttpStatusCode.BadRequest, number);
        Assert.Equal(["keep"], await TagsAsync(id));
    }

    [Fact]
    public async Task From_2_37_networks_none_boots_without_a_NIC()
    {
        var body = ServerCalls.CreateBody(Cloud, "nic-none");
        body["server"]!["networks"] = "none";
        var (status, created) = await Alice.SendAsync(HttpMethod.Post, "/servers", body, V237);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var shown = await Alice.WaitForStatusAsync((string)created!["server"]!["id"]!, "ACTIVE");
        Assert.Empty(shown["addresses"]!.AsObject());
    }

    [Theory]
    [InlineData(null, "'networks' is a required property")]
    [InlineData("\"some\"", "not one of ['none', 'auto']")]
    [InlineData("[{\"uuid\": \"6f1a4b5e-0000-4000-8000-000000000000\", \"tag\": \"nic1\"}]", "'tag' was unexpected")]
    [InlineData("[{\"uuid\": \"6f1a4b5e-0000-4000-8000-000000000000\"}]", "Network 6f1a4b5e-0000-4000-8000-000000000000 could not be found")]
    // Nova without an auto-allocated topology: "auto" needs a network the project can use.
    [InlineData("\"auto\"", "Unable to automatically allocate a network for this project")]
    public async Task From_2_37_networks_is_required_and_checked(string? networks, string expected)
    {
        var admin = await Cloud.AdminClientAsync();
        var before = await admin.CountServersAsync();
        var server = $"\"name\": \"n\", \"flavorRef\": \"1\", \"imageRef\": \"{Cloud.Image.Id}\"" + (networks is null ? "" : $", \"networks\": {networks}");
        var (status, error) = await Alice.SendAsync(HttpMethod.Post, "/servers", "{\"server\": {" + server + "}}", V237);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ServerCalls.Message(error));
        Assert.Equal(before, await admin.CountServersAsync());
    }
}
