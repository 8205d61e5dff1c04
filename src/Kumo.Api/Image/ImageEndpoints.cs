using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Image;

/// <summary>Glance's v2 API: version documents open, images behind a token.</summary>
public static class ImageEndpoints
{
    public static void Map(RouteGroupBuilder image, ApiOptions options)
    {
        ImageVersionsApi.Map(image, options);
        var v2 = image.MapGroup("/v2").RequireToken();
        ImagesApi.Map(v2, options);
        ImageDataApi.Map(v2, options);
        ImageTagsApi.Map(v2);
        ImageMembersApi.Map(v2);
        v2.MapGet("/schemas/image", () => Results.Json(ImageSchemas.Image()));
        v2.MapGet("/schemas/images", () => Results.Json(ImageSchemas.Images()));
        v2.MapGet("/schemas/member", () => Results.Json(ImageSchemas.Member()));
        v2.MapGet("/schemas/members", () => Results.Json(ImageSchemas.Members()));
        // Interoperable import (v2.6) needs a staging area Kumo does not keep: no methods offered, so clients upload with PUT.
        v2.MapGet("/info/import", () => Results.Json(new JsonObject
        {
            ["import-methods"] = new JsonObject
            {
                ["description"] = "Import methods available.",
                ["type"] = "array",
                ["value"] = new JsonArray(),
            },
        }));
    }
}
