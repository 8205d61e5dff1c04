namespace Kumo.Api.Image;

/// <summary>Glance's v2 API: version documents open, images behind a token.</summary>
public static class ImageEndpoints
{
    public static void Map(RouteGroupBuilder image, ApiOptions options)
    {
        _ = image;
        _ = options;
    }
}
