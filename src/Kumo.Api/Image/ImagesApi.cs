using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Image;

namespace Kumo.Api.Image;

/// <summary>Glance's /v2/images: create, list, show, JSON-patch update, delete.</summary>
public static class ImagesApi
{
    public static void Map(IEndpointRouteBuilder v2, ApiOptions options)
    {
        v2.MapPost("/images", CreateAsync);
        v2.MapGet("/images", (HttpContext http, ImageApi images) => ListAsync(http, images, options.MaxLimit));
        v2.MapGet("/images/{imageId}", ShowAsync);
        v2.MapMethods("/images/{imageId}", [HttpMethods.Patch], UpdateAsync);
        v2.MapDelete("/images/{imageId}", DeleteAsync);
        // An empty id names no image (Tempest's test_delete_image_null_id): 404, not 405.
        v2.MapDelete("/images", IResult () => throw new Kumo.Objects.Errors.ImageNotFoundException(""));
    }

    /// <summary>A path id that is no UUID names no image: 404, as Glance answers (Tempest's negative tests expect it).</summary>
    public static Guid ParseId(string imageId) =>
        Guid.TryParse(imageId, out var id) ? id : throw new Kumo.Objects.Errors.ImageNotFoundException(imageId);

    private static async Task<IResult> CreateAsync(HttpContext http, ImageApi images)
    {
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
        var draft = ImageCreateRequest.Parse(body);
        var image = await images.CreateAsync(http.KumoContext(), draft, http.RequestAborted);
        http.Response.Headers.Location = $"/v2/images/{image.Id}";
        return Results.Json(ImageView.Show(image), statusCode: 201);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ImageApi images, int maxLimit)
    {
        if (http.Request.Path.Value!.EndsWith('/'))
        {
            // GET /v2/images/ is a show with an empty id (Tempest's test_get_image_null_id expects 404).
            throw new Kumo.Objects.Errors.ImageNotFoundException("");
        }
        var query = ImageListRequest.Parse(http.Request.Query, maxLimit);
        var page = await images.ListAsync(http.KumoContext(), query, http.RequestAborted);
        var body = new JsonObject
        {
            ["images"] = new JsonArray([.. page.Images.Select(i => (JsonNode)ImageView.Show(i))]),
            ["first"] = ImageListRequest.Link(http.Request.Query, null),
            ["schema"] = "/v2/schemas/images",
        };
        if (page.NextMarker is { } next)
        {
            body["next"] = ImageListRequest.Link(http.Request.Query, next);
        }
        return Results.Json(body);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, ImageApi images, string imageId) =>
        Results.Json(ImageView.Show(await images.GetAsync(http.KumoContext(), ParseId(imageId), http.RequestAborted)));

    private static async Task<IResult> UpdateAsync(HttpContext http, ImageApi images, string imageId)
    {
        ImagePatch.EnsureMediaType(http.Request.ContentType);
        var id = ParseId(imageId);
        var context = http.KumoContext();
        await images.GetAsync(context, id, http.RequestAborted); // an unknown image is 404 before the body is judged
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ApiException.BadRequest(JsonBody.Describe(ex));
        }
        var patch = ImagePatch.Parse(body, http.Request.ContentType!);
        var image = await images.UpdateAsync(context, id, i => patch.ApplyTo(i, context), http.RequestAborted);
        return Results.Json(ImageView.Show(image));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, ImageApi images, string imageId)
    {
        await images.DeleteAsync(http.KumoContext(), ParseId(imageId), http.RequestAborted);
        return Results.NoContent();
    }
}
