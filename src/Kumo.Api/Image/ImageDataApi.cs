using Kumo.Api.Infrastructure;
using Kumo.Image;
using Microsoft.AspNetCore.Http.Features;

namespace Kumo.Api.Image;

/// <summary>
/// Glance's image data: PUT streams the body to the file store (never buffered whole, md5 and sha512
/// computed on the way, at most image_size_cap bytes); GET streams it back with Content-MD5.
/// </summary>
public static class ImageDataApi
{
    public static void Map(IEndpointRouteBuilder v2, ApiOptions options)
    {
        v2.MapPut("/images/{imageId}/file", (HttpContext http, ImageApi images, string imageId) => UploadAsync(http, images, imageId, options.ImageSizeCap));
        v2.MapGet("/images/{imageId}/file", DownloadAsync);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, ImageApi images, string imageId, long sizeCap)
    {
        var id = ImagesApi.ParseId(imageId);
        var mediaType = http.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not "application/octet-stream")
        {
            throw new ApiException(415, $"Image data must be sent as application/octet-stream, not '{http.Request.ContentType}'.");
        }
        if (http.Request.ContentLength > sizeCap)
        {
            // Refused before a byte is stored: the image stays as it was.
            await images.GetAsync(http.KumoContext(), id, http.RequestAborted);
            throw new ImageTooLargeException(sizeCap);
        }
        // The image service enforces the cap itself while it streams; Kestrel's 30 MB default must not cut in first.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        await images.UploadAsync(http.KumoContext(), id, http.Request.Body, sizeCap, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task DownloadAsync(HttpContext http, ImageApi images, string imageId)
    {
        var (image, data) = await images.OpenReadAsync(http.KumoContext(), ImagesApi.ParseId(imageId), http.RequestAborted);
        if (data is null)
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await using (data)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/octet-stream";
            http.Response.ContentLength = image.Size;
            if (image.Checksum is { } checksum)
            {
                http.Response.Headers["Content-MD5"] = checksum;
            }
            await data.CopyToAsync(http.Response.Body, 1 << 20, http.RequestAborted);
        }
    }
}
