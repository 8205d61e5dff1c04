using Kumo.Objects.Images;

namespace Kumo.Db.Stores;

/// <summary>Image records (the image service keeps the data itself in its file store).</summary>
public interface IImageStore
{
    Task CreateAsync(ImageMeta image, CancellationToken cancellationToken = default);

    /// <summary>Null when unknown or deleted.</summary>
    Task<ImageMeta?> TryGetAsync(Guid imageId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the record's mutable fields (status, size, checksum, properties, updated_at).</summary>
    Task UpdateAsync(ImageMeta image, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default);
}
