using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Kumo.EndToEndTests;

/// <summary>The creates the networking tests share: a resource POSTed in its envelope, a server on one network.</summary>
public static class ResourceRequests
{
    /// <summary>POST {"resource": body}; asserts the status (a keypair import answers 200 before 2.2) and returns the resource.</summary>
    public static async Task<JsonObject> PostResourceAsync(this HttpClient client, string path, string resource, JsonObject body,
        HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsJsonAsync(path, new JsonObject { [resource] = body });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected || (resource == "keypair" && response.StatusCode == HttpStatusCode.OK),
            $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)![resource]!.AsObject();
    }

    /// <summary>POST /servers (m1.tiny) with one NIC on <paramref name="networkId"/>; returns the server's id at once.</summary>
    public static async Task<Guid> CreateServerOnNetworkAsync(this HttpClient client, string name, Guid image, string networkId)
    {
        var server = await client.PostResourceAsync("/compute/v2.1/servers", "server", new JsonObject
        {
            ["name"] = name,
            ["flavorRef"] = "1",
            ["imageRef"] = image.ToString(),
            ["networks"] = new JsonArray(new JsonObject { ["uuid"] = networkId }),
        }, HttpStatusCode.Accepted);
        return Guid.Parse((string)server["id"]!);
    }
}
