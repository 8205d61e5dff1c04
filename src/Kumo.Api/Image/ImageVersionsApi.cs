using System.Text.Json.Nodes;

namespace Kumo.Api.Image;

/// <summary>
/// Glance's version documents: <c>/image</c> answers 300 and <c>/image/versions</c> 200, both listing
/// v2.0 to v2.7 (2.7: hidden images and the sha512 multihash, the newest feature set Kumo implements)
/// with links to <c>&lt;public&gt;/image/v2/</c>.
/// </summary>
public static class ImageVersionsApi
{
    private const int CurrentMinor = 7;

    public static void Map(IEndpointRouteBuilder image, ApiOptions options)
    {
        var href = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Image + "/v2/";
        image.MapGet("/", () => Results.Json(Document(href), statusCode: StatusCodes.Status300MultipleChoices));
        image.MapGet("/versions", () => Results.Json(Document(href)));
    }

    private static JsonObject Document(string href) => new()
    {
        ["versions"] = new JsonArray([.. Enumerable.Range(0, CurrentMinor + 1).Reverse().Select(minor => (JsonNode)new JsonObject
        {
            ["id"] = $"v2.{minor}",
            ["status"] = minor == CurrentMinor ? "CURRENT" : "SUPPORTED",
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = href }),
        })]),
    };
}
