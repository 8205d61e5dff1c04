using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Kumo.Api.Tests.Image;

/// <summary>The Glance calls the image tests make, as glanceclient sends them.</summary>
internal static class ImageRequests
{
    public const string Patch21 = "application/openstack-images-v2.1-json-patch";

    public static async Task<JsonObject> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/image/v2/images", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync(response);
    }

    public static Task<JsonObject> CreateAsync(HttpClient client, string name = "img", string visibility = "private") =>
        CreateAsync(client, new { name, disk_format = "raw", container_format = "bare", visibility });

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string id, byte[] data)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return client.PutAsync($"/image/v2/images/{id}/file", content);
    }

    public static async Task<string> CreateActiveAsync(HttpClient client, string name, byte[] data, string visibility = "private")
    {
        var id = (string)(await CreateAsync(client, name, visibility))["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await UploadAsync(client, id, data)).StatusCode);
        return id;
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, string operations, string mediaType = Patch21)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/image/v2/images/{id}")
        {
            Content = new StringContent(operations, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return client.SendAsync(request);
    }

    public static async Task<JsonObject> ShowAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"/image/v2/images/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadAsync(response);
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>A Glance error: {"code", "title", "message"}, the message naming the problem.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.Equal((int)status, (int?)body["code"]);
        Assert.NotNull((string?)body["title"]);
        return (string)body["message"]!;
    }

    public static async Task<IReadOnlyList<string>> ListIdsAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/image/v2/images" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await ReadAsync(response))["images"]!.AsArray().Select(i => (string)i!["id"]!)];
    }
}
