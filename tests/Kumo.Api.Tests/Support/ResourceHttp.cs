using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Kumo.Api.Tests.Support;

/// <summary>JSON requests to the compute API for the resource tests: status and parsed body in one call.</summary>
public static class ResourceHttp
{
    public const string Compute = "/compute/v2.1";

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient client, string path, string? microversion = null) =>
        await SendJsonAsync(client, HttpMethod.Get, path, null, microversion);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient client, string path, object? body, string? microversion = null) =>
        await SendJsonAsync(client, HttpMethod.Post, path, body, microversion);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> PutJsonAsync(this HttpClient client, string path, object? body, string? microversion = null) =>
        await SendJsonAsync(client, HttpMethod.Put, path, body, microversion);

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> DeleteJsonAsync(this HttpClient client, string path, string? microversion = null) =>
        await SendJsonAsync(client, HttpMethod.Delete, path, null, microversion);

    /// <summary><paramref name="body"/> is a JsonNode, a raw JSON string, or null for none.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendJsonAsync(HttpClient client, HttpMethod method, string path, object? body, string? microversion)
    {
        using var request = new HttpRequestMessage(method, Compute + path);
        if (body is not null)
        {
            var text = body is string raw ? raw : ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        if (microversion is not null)
        {
            request.Headers.Add("OpenStack-API-Version", "compute " + microversion);
        }
        using var response = await client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, content.Length == 0 ? null : JsonNode.Parse(content));
    }

    /// <summary>The names of an object's members, sorted, to compare a body's field set with Nova's.</summary>
    public static string[] Keys(this JsonNode? node) => node!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The message of a Nova error body ({"badRequest": {"code": 400, "message": ...}}).</summary>
    public static string NovaMessage(this JsonNode? body) => (string)body!.AsObject().Single().Value!["message"]!;
}
