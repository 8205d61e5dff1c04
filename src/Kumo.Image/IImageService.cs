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

    /// <summary>Stores the data, records size and MD5 checksum, and makes the image active.</summary>
    Task<ImageMeta> UploadAsync(Guid imageId, Stream data, CancellationToken cancellationToken = default);

    /// <summary>Opens the image data for download. The caller verifies the checksum.</summary>
    Task<Stream> OpenReadAsync(Guid imageId, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default);
}
