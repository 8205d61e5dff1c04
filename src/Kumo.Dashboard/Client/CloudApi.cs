using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Client.Http;
using Kumo.Client.Identity;
using Kumo.Dashboard.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kumo.Dashboard.Client;

/// <summary>The REST API as the signed-in user: Nova, Glance and Neutron at the endpoints of the user's catalog, with the user's token.</summary>
public sealed class CloudApi(OpenStackHttp http, ScopedToken session)
{
    private readonly KeystoneSession _keystone = new(http, session.Token);

    public ScopedToken Session { get; } = session;

    public static CloudApi For(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<OpenStackHttp>(), context.User.Session());

    public Uri Compute(string path) => new(new Uri(Session.ComputeUrl), path);

    public Uri Image(string path) => new(new Uri(Session.ImageUrl), path);

    /// <summary>Neutron's endpoint from the catalog; a cloud without one answers as the API would (503, naming it).</summary>
    public Uri Network(string path) => Session.NetworkUrl is { } url ? new(new Uri(url), path)
        : throw new OpenStackApiException(503, "This cloud's catalog has no network (Neutron) endpoint.", null);

    public async Task<JsonObject> GetAsync(Uri url, CancellationToken cancellationToken) =>
        await _keystone.GetAsync(url, cancellationToken) as JsonObject
        ?? throw new OpenStackApiException(502, $"{url.AbsolutePath} answered with no JSON object.", null);

    public async Task<JsonObject?> PostAsync(Uri url, JsonNode body, CancellationToken cancellationToken) =>
        (await _keystone.SendAsync(HttpMethod.Post, url, body, cancellationToken: cancellationToken)).Body as JsonObject;

    public async Task<JsonNode?> SendAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken cancellationToken) =>
        (await _keystone.SendAsync(method, url, content: content, cancellationToken: cancellationToken)).Body;

    public Task DeleteAsync(Uri url, CancellationToken cancellationToken) =>
        _keystone.SendAsync(HttpMethod.Delete, url, cancellationToken: cancellationToken);

    public async Task<JsonArray> ListAsync(Uri url, string member, CancellationToken cancellationToken) =>
        (await GetAsync(url, cancellationToken))[member] as JsonArray ?? [];

    /// <summary>Id → name of the flavors and images the user can see, for the server list's columns.</summary>
    public async Task<(Dictionary<string, string> Flavors, Dictionary<string, string> Images)> NamesAsync(CancellationToken cancellationToken)
    {
        var flavors = ListAsync(Compute("flavors"), "flavors", cancellationToken);
        var images = ListAsync(Image("v2/images?limit=1000"), "images", cancellationToken);
        return (ById(await flavors), ById(await images));
    }

    private static Dictionary<string, string> ById(JsonArray items) => items.OfType<JsonObject>()
        .Where(i => i["id"] is not null)
        .ToDictionary(i => (string)i["id"]!, i => (string?)i["name"] ?? (string)i["id"]!, StringComparer.Ordinal);
}
