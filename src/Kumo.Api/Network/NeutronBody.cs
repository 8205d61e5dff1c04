using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Network;

/// <summary>
/// Neutron's request bodies: <c>{"network": {...}}</c>, or for a bulk create <c>{"networks": [{...}, ...]}</c>.
/// A body that is not JSON, or not of that shape, is a 400 that says what was expected.
/// </summary>
public static class NeutronBody
{
    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return node as JsonObject ?? throw ApiException.BadRequest("Malformed request body: the body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest($"Malformed request body: {ex.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>The resources to create and whether the request was a bulk one.</summary>
    public static async Task<(IReadOnlyList<NeutronInput> Items, bool Bulk)> ReadCreateAsync(HttpRequest request, string resource, string collection, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(request, cancellationToken);
        if (body.Count == 1 && body[collection] is JsonArray list)
        {
            if (list.Count == 0)
            {
                throw ApiException.BadRequest($"Resources required: the list '{collection}' is empty.");
            }
            return ([.. list.Select(item => item as JsonObject ?? throw ApiException.BadRequest($"Each entry of '{collection}' must be an object.")).Select(o => new NeutronInput(o))], true);
        }
        return ([Single(body, resource)], false);
    }

    public static async Task<NeutronInput> ReadUpdateAsync(HttpRequest request, string resource, CancellationToken cancellationToken) =>
        Single(await ReadAsync(request, cancellationToken), resource);

    private static NeutronInput Single(JsonObject body, string resource) =>
        body.Count == 1 && body[resource] is JsonObject item
            ? new NeutronInput(item)
            : throw ApiException.BadRequest($"Unable to find '{resource}' in request body");
}
