using Kumo.Objects.Images;

namespace Kumo.Db.Stores;

/// <summary>Image records and members (the image service keeps the data itself in its file store).</summary>
public interface IImageStore
{
    Task CreateAsync(ImageMeta image, CancellationToken cancellationToken = default);

    /// <summary>Null when unknown or deleted.</summary>
    Task<ImageMeta?> TryGetAsync(Guid imageId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ImageMeta>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces every field but id and created_at.</summary>
    Task UpdateAsync(ImageMeta image, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes only what a user may change (name, formats, minimums, properties, owner, visibility,
    /// protected, os_hidden, tags, updated_at), so that a metadata update racing an upload never
    /// rewrites the status, size or checksums the upload records. Throws ImageNotFoundException.
    /// </summary>
    Task UpdateMetadataAsync(ImageMeta image, CancellationToken cancellationToken = default);

    Task DeleteAsync(Guid imageId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ImageMember>> ListMembersAsync(Guid imageId, CancellationToken cancellationToken = default);

    /// <summary>The images offered to one project, by image id.</summary>
    Task<IReadOnlyDictionary<Guid, ImageMember>> ListMembershipsAsync(string memberId, CancellationToken cancellationToken = default);

    Task<ImageMember?> TryGetMemberAsync(Guid imageId, string memberId, CancellationToken cancellationToken = default);

    /// <summary>False when the project is a member already.</summary>
    Task<bool> TryCreateMemberAsync(ImageMember member, CancellationToken cancellationToken = default);

    /// <summary>Writes status and updated_at; false when the member is unknown.</summary>
    Task<bool> UpdateMemberAsync(ImageMember member, CancellationToken cancellationToken = default);

    /// <summary>False when the member is unknown.</summary>
    Task<bool> DeleteMemberAsync(Guid imageId, string memberId, CancellationToken cancellationToken = default);
}
