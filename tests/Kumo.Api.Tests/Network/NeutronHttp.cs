using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kumo.Api.Tests.Support;

namespace Kumo.Api.Tests.Network;

/// <summary>Requests to the network API (/network/v2.0) and the helpers its tests share.</summary>
public static class NeutronHttp
{
    public const string V20 = "/network/v2.0";

    public static Task<(HttpStatusCode Status, JsonNode? Body)> NGetAsync(this HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path, null);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> NPostAsync(this HttpClient client, string path, object body) => SendAsync(client, HttpMethod.Post, path, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> NPutAsync(this HttpClient client, string path, object body) => SendAsync(client, HttpMethod.Put, path, body);

    public static Task<(HttpStatusCode Status, JsonNode? Body)> NDeleteAsync(this HttpClient client, string path) => SendAsync(client, HttpMethod.Delete, path, null);

    /// <summary><paramref name="body"/> is a JsonNode or a raw string.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith("/network/", StringComparison.Ordinal) ? path : V20 + path);
        if (body is not null)
        {
            request.Content = new StringContent(body is string raw ? raw : ((JsonNode)body).ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, content.Length == 0 ? null : JsonNode.Parse(content));
    }

    /// <summary>NeutronError's type and message, asserting the body has Neutron's shape.</summary>
    public static (string Type, string Message) NeutronError(this JsonNode? body)
    {
        var error = body!["NeutronError"]!.AsObject();
        Assert.Equal(["detail", "message", "type"], error.Select(p => p.Key).Order(StringComparer.Ordinal));
        return ((string)error["type"]!, (string)error["message"]!);
    }

    public static async Task<JsonNode> CreateAsync(this HttpClient client, string collectionPath, string resource, JsonObject attributes)
    {
        var (status, body) = await client.NPostAsync(collectionPath, new JsonObject { [resource] = attributes });
        Assert.True(status == HttpStatusCode.Created, $"POST {collectionPath}: {(int)status} {body?.ToJsonString()}");
        return body![resource]!;
    }

    public static Task<JsonNode> NetworkAsync(this HttpClient client, string name, bool? shared = null)
    {
        var attributes = new JsonObject { ["name"] = name };
        if (shared is { } s)
        {
            attributes["shared"] = s;
        }
        return client.CreateAsync("/networks", "network", attributes);
    }

    public static Task<JsonNode> SubnetAsync(this HttpClient client, JsonNode network, string cidr, JsonObject? extra = null)
    {
        var attributes = new JsonObject { ["network_id"] = (string)network["id"]!, ["cidr"] = cidr, ["ip_version"] = cidr.Contains(':') ? 6 : 4 };
        foreach (var (key, value) in extra ?? [])
        {
            attributes[key] = value?.DeepClone();
        }
        return client.CreateAsync("/subnets", "subnet", attributes);
    }

    public static Task<JsonNode> PortAsync(this HttpClient client, JsonNode network, JsonObject? extra = null)
    {
        var attributes = new JsonObject { ["network_id"] = (string)network["id"]! };
        foreach (var (key, value) in extra ?? [])
        {
            attributes[key] = value?.DeepClone();
        }
        return client.CreateAsync("/ports", "port", attributes);
    }

    /// <summary>The ids in a list response, for "nothing changed" checks.</summary>
    public static async Task<string[]> IdsAsync(this HttpClient client, string path, string collection)
    {
        var (status, body) = await client.NGetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body![collection]!.AsArray().Select(n => (string)n!["id"]!).Order(StringComparer.Ordinal)];
    }
}

/// <summary>One cloud for a test class; tests keep apart by project and names.</summary>
public sealed class NetworkCloud : IAsyncLifetime
{
    public ApiCloud Cloud { get; private set; } = null!;

    public async Task InitializeAsync() => Cloud = await ApiCloud.StartAsync();

    public async Task DisposeAsync() => await Cloud.DisposeAsync();
}
