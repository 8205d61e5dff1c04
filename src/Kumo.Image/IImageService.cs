using Kumo.Objects.Context;
using Kumo.Objects.Images;

namespace Kumo.Image;

/// <summary>The image service (Glance's role): image records and their data.</summary>
public interface IImageService
{
    /// <summary>Throws <see cref="Kumo.Objects.Errors.ImageNotFoundException"/> for an unknown id.</summary>
    Task<ImageMeta> GetAsync(Guid imageId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Registers an image record in state queued.</summary>
    Task<ImageMeta> CreateAsync(ImageMeta image, CancellationToken cancellationToken = default);

    /// <summary>Stores the data, records size, MD5 checksum and SHA-512 hash, and makes the image active.</summary>
    Task<ImageMeta> UploadAsync(Guid imageId, Stream data, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="UploadAsync(Guid, Stream, CancellationToken)"/>, but more than <paramref name="sizeCap"/>
    /// bytes throws <see cref="ImageTooLargeException"/> and leaves the image queued with no data.
    /// </summary>
    Task<ImageMeta> UploadAsync(Guid imageId, Stream data, long sizeCap, CancellationToken cancellationToken);

    /// <summary>Whether the caller may see (and so boot) the image; false for an unknown one (Glance's visibility rules).</summary>
    Task<bool> IsVisibleAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>Opens the image data for download. The caller verifies the checksum.</summary>
    Task<Stream> OpenReadAsync(Guid imageId, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default);
}
