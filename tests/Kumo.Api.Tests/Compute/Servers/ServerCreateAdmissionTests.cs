using System.Net;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Compute.Servers;

/// <summary>
/// Create checks that depend on what the cloud holds (the caller's key pairs, flavor access, the
/// metadata_items quota) and how access IPs are kept: Nova's answers, and nothing created when refused.
/// </summary>
public sealed class ServerCreateAdmissionTests() : ApiCloudTest(TestClients.Alice | TestClients.Admin)
{
    private JsonObject Body(string name, Action<JsonObject> edit)
    {
        var body = ServerCalls.CreateBody(Cloud, name);
        edit(body["server"]!.AsObject());
        return body;
    }

    private async Task AssertRefusedAsync(JsonObject body, HttpStatusCode expected, string message)
    {
        var before = await Admin.CountServersAsync();
        var (status, error) = await Alice.SendAsync(HttpMethod.Post, "/servers", body);
        Assert.True(status == expected, $"{(int)status} {error?.ToJsonString()}");
        Assert.Equal(message, ServerCalls.Message(error));
        Assert.Equal(before, await Admin.CountServersAsync());
    }

    [Fact]
    public async Task A_key_name_the_user_does_not_have_is_400_and_their_own_boots()
    {
        await AssertRefusedAsync(Body("nokey", s => s["key_name"] = "missing"), HttpStatusCode.BadRequest, "Invalid key_name provided.");

        // Key pairs are the user's: bob's key is no key of alice's, even in the same project.
        var bob = await Cloud.ClientAsync("project-a", "bob");
        var (made, _) = await bob.SendAsync(HttpMethod.Post, "/os-keypairs", new JsonObject { ["keypair"] = new JsonObject { ["name"] = "bobs" } });
        Assert.Equal(HttpStatusCode.OK, made);
        await AssertRefusedAsync(Body("otherkey", s => s["key_name"] = "bobs"), HttpStatusCode.BadRequest, "Invalid key_name provided.");

        var (created, server) = await bob.SendAsync(HttpMethod.Post, "/servers", Body("withkey", s => s["key_name"] = "bobs"));
        Assert.Equal(HttpStatusCode.Accepted, created);
        Assert.Equal("bobs", (string?)(await bob.ShowAsync((string)server!["server"]!["id"]!))["key_name"]);
    }

    [Fact]
    public async Task More_metadata_items_than_the_quota_is_403_and_the_limit_itself_boots()
    {
        JsonObject Items(int count) => new(Enumerable.Range(0, count).Select(i => KeyValuePair.Create(i.ToString(), (JsonNode?)JsonValue.Create(i.ToString()))));
        var (_, limits) = await Alice.SendAsync(HttpMethod.Get, "/limits");
        var max = (int)limits!["limits"]!["absolute"]!["maxServerMeta"]!;
        Assert.Equal(128, max);

        await AssertRefusedAsync(Body("toomany", s => s["metadata"] = Items(max + 1)), HttpStatusCode.Forbidden, "Maximum number of metadata items exceeds 128");
        var (status, _) = await Alice.SendAsync(HttpMethod.Post, "/servers", Body("enough", s => s["metadata"] = Items(max)));
        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    [Fact]
    public async Task A_private_flavor_not_shared_with_the_project_is_400()
    {
        var flavor = new JsonObject
        {
            ["flavor"] = new JsonObject { ["name"] = "hidden", ["id"] = "hidden", ["ram"] = 64, ["vcpus"] = 1, ["disk"] = 1, ["os-flavor-access:is_public"] = "False" },
        };
        var (made, _) = await Admin.SendAsync(HttpMethod.Post, "/flavors", flavor);
        Assert.Equal(HttpStatusCode.OK, made);

        await AssertRefusedAsync(ServerCalls.CreateBody(Cloud, "private", "hidden"), HttpStatusCode.BadRequest,
            "Flavor hidden could not be found. List the flavors with 'kumo flavor list'.");
    }

    [Fact]
    public async Task Access_IPv6_reads_back_normalised_after_create_and_update()
    {
        var (status, created) = await Alice.SendAsync(HttpMethod.Post, "/servers",
            Body("v6", s => s["accessIPv6"] = "0000:0000:0000:0000:0000:babe:220.12.22.2"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = (string)created!["server"]!["id"]!;
        Assert.Equal("::babe:dc0c:1602", (string?)(await Alice.ShowAsync(id))["accessIPv6"]);
        // Updated once built, as Tempest does: the build's own saves rewrite the access IPs they read.
        await Alice.WaitForStatusAsync(id, "ACTIVE");
        await Admin.WaitForActionAsync(id, "create");

        var (updated, body) = await Alice.SendAsync(HttpMethod.Put, "/servers/" + id,
            new JsonObject { ["server"] = new JsonObject { ["accessIPv6"] = "2001:0DB8:0000:0000:0000:0000:0000:0001" } });
        Assert.Equal(HttpStatusCode.OK, updated);
        Assert.Equal("2001:db8::1", (string?)body!["server"]!["accessIPv6"]);
        Assert.Equal("2001:db8::1", (string?)(await Alice.ShowAsync(id))["accessIPv6"]);
    }
}
