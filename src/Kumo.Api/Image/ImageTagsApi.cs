using Kumo.Api.Infrastructure;
using Kumo.Image;

namespace Kumo.Api.Image;

/// <summary>Glance's /v2/images/{id}/tags/{tag}: PUT adds (idempotent), DELETE removes (404 when absent); both 204.</summary>
public static class ImageTagsApi
{
    public static void Map(IEndpointRouteBuilder v2)
    {
        v2.MapPut("/images/{imageId}/tags/{tag}", async (HttpContext http, ImageApi images, string imageId, string tag) =>
        {
            await images.AddTagAsync(http.KumoContext(), ImagesApi.ParseId(imageId), tag, http.RequestAborted);
            return Results.NoContent();
        });
        v2.MapDelete("/images/{imageId}/tags/{tag}", async (HttpContext http, ImageApi images, string imageId, string tag) =>
        {
            await images.RemoveTagAsync(http.KumoContext(), ImagesApi.ParseId(imageId), tag, http.RequestAborted);
            return Results.NoContent();
        });
    }
}
