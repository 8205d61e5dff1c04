using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Kumo.Client.Identity;

namespace Kumo.Cli.Client;

/// <summary>Glance v2 as the CLI uses it; the catalog's image endpoint is unversioned, as Glance's is.</summary>
public sealed class ImageClient(KeystoneSession http, Uri endpoint)
{
    private readonly Uri _v2 = endpoint.AbsolutePath.TrimEnd('/').EndsWith("/v2", StringComparison.Ordinal) ? endpoint : new Uri(endpoint, "v2/");

    public async Task<List<JsonObject>> ListImagesAsync(CancellationToken cancellationToken)
    {
        var all = new List<JsonObject>();
        for (Uri? page = new(_v2, "images"); page is not null;)
        {
            var body = await http.GetAsync(page, cancellationToken);
            all.AddRange(ComputeClient.Array(body, "images"));
            // Glance's `next` is a path below the endpoint root: "/v2/images?marker=...".
            page = body["next"] is JsonValue next ? new Uri(_v2, "../" + next.GetValue<string>().TrimStart('/')) : null;
        }
        return all;
    }

    public async Task<JsonObject> GetImageAsync(string id, CancellationToken cancellationToken) =>
        await http.GetAsync(new Uri(_v2, "images/" + Uri.EscapeDataString(id)), cancellationToken) as JsonObject
            ?? throw new CliException("The image answer is not an object.");

    public async Task<JsonObject> CreateImageAsync(JsonObject image, CancellationToken cancellationToken) =>
        (await http.SendAsync(HttpMethod.Post, new Uri(_v2, "images"), image, cancellationToken: cancellationToken)).Body as JsonObject
            ?? throw new CliException("The image create answer is not an object.");

    public Task DeleteImageAsync(string id, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Delete, new Uri(_v2, "images/" + Uri.EscapeDataString(id)), cancellationToken: cancellationToken);

    /// <summary>PUT /v2/images/{id}/file, streamed from the file (never read whole into memory).</summary>
    public async Task UploadAsync(string id, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = stream.Length;
        await http.SendAsync(HttpMethod.Put, new Uri(_v2, $"images/{Uri.EscapeDataString(id)}/file"), content: content, cancellationToken: cancellationToken);
    }
}
