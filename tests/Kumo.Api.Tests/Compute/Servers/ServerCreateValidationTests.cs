using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>Bad create requests: 400 with a message naming the problem, and no server created.</summary>
public sealed class ServerCreateValidationTests : ApiCloudTest
{
    public static TheoryData<string, string, string> BadBodies => new()
    {
        // body (IMAGE stands for the test image id), the message must contain
        { "malformed", "{\"server\": {\"name\": ", "Malformed request body" },
        { "not an object", "[1, 2]", "JSON object" },
        { "no server", "{}", "'server' is a required property" },
        { "unknown top-level member", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\"}, \"extra\": 1}", "'extra' was unexpected" },
        { "unknown server member", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"colour\": \"red\"}}", "'colour' was unexpected" },
        { "description before 2.19", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"description\": \"d\"}}", "'description' was unexpected" },
        { "no name", "{\"server\": {\"flavorRef\": \"1\", \"imageRef\": \"IMAGE\"}}", "'name' is a required property" },
        { "no flavorRef", "{\"server\": {\"name\": \"a\", \"imageRef\": \"IMAGE\"}}", "'flavorRef' is a required property" },
        { "name a number", "{\"server\": {\"name\": 5, \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\"}}", "field/attribute name" },
        { "empty name", "{\"server\": {\"name\": \"\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\"}}", "field/attribute name" },
        { "name with spaces around", "{\"server\": {\"name\": \" a \", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\"}}", "field/attribute name" },
        { "flavorRef an object", "{\"server\": {\"name\": \"a\", \"flavorRef\": {}, \"imageRef\": \"IMAGE\"}}", "field/attribute flavorRef" },
        { "unknown flavor", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"999\", \"imageRef\": \"IMAGE\"}}", "Flavor 999 could not be found" },
        { "no imageRef", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\"}}", "Missing imageRef" },
        { "imageRef not a uuid", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"abc\"}}", "Invalid imageRef" },
        { "unknown image", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"6f1a4b5e-0000-4000-8000-000000000000\"}}", "could not be found" },
        { "metadata a list", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"metadata\": [1]}}", "field/attribute metadata" },
        { "metadata value a number", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"metadata\": {\"k\": 1}}}", "metadata/k" },
        { "min_count zero", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"min_count\": 0}}", "field/attribute min_count" },
        { "min above max", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"min_count\": 3, \"max_count\": 2}}", "min_count must be <= max_count" },
        { "networks none before 2.37", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"networks\": \"none\"}}", "field/attribute networks" },
        { "an unknown network", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"networks\": [{\"uuid\": \"6f1a4b5e-0000-4000-8000-000000000000\"}]}}", "Network 6f1a4b5e-0000-4000-8000-000000000000 could not be found" },
        { "unknown zone", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"availability_zone\": \"mars\"}}", "availability zone is not available" },
        { "user_data not base64", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"user_data\": \"***\"}}", "user_data" },
        { "accessIPv4 not an ip", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"accessIPv4\": \"1.2.3\"}}", "accessIPv4" },
        { "volumes", "{\"server\": {\"name\": \"a\", \"flavorRef\": \"1\", \"imageRef\": \"IMAGE\", \"block_device_mapping_v2\": [{\"source_type\": \"volume\", \"destination_type\": \"volume\", \"uuid\": \"6f1a4b5e-0000-4000-8000-000000000000\"}]}}", "Block Device Mapping is Invalid" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_create_is_400_naming_the_problem_and_creates_nothing(string why, string body, string expected)
    {
        var client = await Cloud.ClientAsync("project-a", "alice");
        var admin = await Cloud.AdminClientAsync();
        var before = await admin.CountServersAsync();

        var (status, error) = await client.SendAsync(HttpMethod.Post, "/servers", body.Replace("IMAGE", Cloud.Image.Id.ToString()));

        Assert.True(status == HttpStatusCode.BadRequest, $"{why}: {(int)status} {error?.ToJsonString()}");
        Assert.Equal(400, (int?)error!["badRequest"]!["code"]);
        Assert.Contains(expected, ServerCalls.Message(error));
        Assert.Equal(before, await admin.CountServersAsync());
    }

    [Fact]
    public async Task A_well_formed_create_with_every_supported_member_is_accepted()
    {
        var client = await Cloud.ClientAsync("project-a", "alice");
        var body = new JsonObject
        {
            ["server"] = new JsonObject
            {
                ["name"] = "full",
                ["flavorRef"] = $"http://kumo.test/compute/flavors/1",
                ["imageRef"] = Cloud.Image.Id.ToString(),
                ["metadata"] = new JsonObject { ["tier"] = "web" },
                ["user_data"] = Convert.ToBase64String("#!/bin/sh\necho hi\n"u8.ToArray()),
                ["availability_zone"] = "nova",
                ["accessIPv4"] = "192.0.2.1",
                ["networks"] = new JsonArray(),
                ["security_groups"] = new JsonArray(new JsonObject { ["name"] = "default" }),
                ["config_drive"] = false,
                ["OS-DCF:diskConfig"] = "MANUAL",
                ["adminPass"] = "s3cret",
                ["description"] = "described",
            },
        };
        var (status, created) = await client.SendAsync(HttpMethod.Post, "/servers", body, "2.19");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("s3cret", (string?)created!["server"]!["adminPass"]);
        var shown = await client.WaitForStatusAsync((string)created["server"]!["id"]!, "ACTIVE");
        Assert.Equal("web", (string?)shown["metadata"]!["tier"]);
        Assert.Equal("192.0.2.1", (string?)shown["accessIPv4"]);

        var admin = await Cloud.AdminClientAsync();
        var asAdmin = await admin.ShowAsync((string)created["server"]!["id"]!, "2.19");
        Assert.Equal("described", (string?)asAdmin["description"]);
        Assert.Equal((string?)body["server"]!["user_data"], (string?)asAdmin["OS-EXT-SRV-ATTR:user_data"]);
    }
}
