using Kumo.Db.Stores;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Image;

/// <summary>
/// The image service as a caller sees it (Glance's v2 controllers over its policy layer): every
/// operation takes the caller's context, hides images the caller may not see (404) and refuses
/// changes the caller may not make (403) before anything is written.
/// </summary>
public sealed partial class ImageApi(IImageService images, IImageStore store, TimeProvider time)
{
    /// <summary>Glance's image_tag_quota default: at most 128 tags per image.</summary>
    public const int MaxTags = 128;

    public async Task<ImageMeta> CreateAsync(RequestContext context, ImageMeta draft, CancellationToken cancellationToken = default)
    {
        if (!context.CanWrite)
        {
            throw new ImageForbiddenException("You are not authorized to complete add_image action.");
        }
        var owner = draft.Owner ?? context.ProjectId;
        ImagePolicy.EnsureCanSetOwner(owner, context);
        ImagePolicy.EnsureCanSetVisibility(draft.Visibility, context);
        EnsureTagCount(draft.Tags.Count);
        return await images.CreateAsync(draft with { Owner = owner }, cancellationToken);
    }

    /// <summary>The image if the caller may see it; <see cref="ImageNotFoundException"/> otherwise.</summary>
    public async Task<ImageMeta> GetAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken = default)
    {
        var image = await store.TryGetAsync(imageId, cancellationToken);
        if (image is null)
        {
            throw new ImageNotFoundException(imageId.ToString());
        }
        var membership = ImagePolicy.NeedsMembership(image, context) ? await store.TryGetMemberAsync(imageId, context.ProjectId, cancellationToken) : null;
        return ImagePolicy.IsVisible(image, context, membership) ? image : throw new ImageNotFoundException(imageId.ToString());
    }

    /// <summary>
    /// Applies <paramref name="change"/> (a JSON patch, a tag) to the image and saves it once. The
    /// change may throw to refuse; then nothing is written.
    /// </summary>
    public async Task<ImageMeta> UpdateAsync(RequestContext context, Guid imageId, Func<ImageMeta, ImageMeta> change, CancellationToken cancellationToken = default)
    {
        var image = await GetAsync(context, imageId, cancellationToken);
        ImagePolicy.EnsureCanModify(image, context, "modify_image");
        var changed = change(image);
        if (changed.Visibility != image.Visibility)
        {
            ImagePolicy.EnsureCanSetVisibility(changed.Visibility, context);
        }
        if (changed.Owner != image.Owner)
        {
            ImagePolicy.EnsureCanSetOwner(changed.Owner, context);
        }
        if (image.Status != ImageStatus.Queued && (changed.DiskFormat != image.DiskFormat || changed.ContainerFormat != image.ContainerFormat))
        {
            var attribute = changed.DiskFormat != image.DiskFormat ? "disk_format" : "container_format";
            throw new ImageForbiddenException($"Attribute {attribute} can be only replaced for a queued image.");
        }
        ImageFormats.Validate(changed);
        EnsureTagCount(changed.Tags.Count);
        // Status, size and checksums stay the upload's: only the metadata is written.
        changed = changed with
        {
            Status = image.Status, Size = image.Size, Checksum = image.Checksum, OsHashAlgo = image.OsHashAlgo,
            OsHashValue = image.OsHashValue, VirtualSize = image.VirtualSize, CreatedAt = image.CreatedAt, UpdatedAt = time.GetUtcNow(),
        };
        await store.UpdateMetadataAsync(changed, cancellationToken);
        return changed;
    }

    public Task<ImageMeta> AddTagAsync(RequestContext context, Guid imageId, string tag, CancellationToken cancellationToken = default)
    {
        if (tag.Length is 0 or > 255)
        {
            throw new InvalidRequestException($"Tag '{tag}' must be 1 to 255 characters.");
        }
        return UpdateAsync(context, imageId, image => image.Tags.Contains(tag) ? image : image with { Tags = [.. image.Tags, tag] }, cancellationToken);
    }

    public Task<ImageMeta> RemoveTagAsync(RequestContext context, Guid imageId, string tag, CancellationToken cancellationToken = default) =>
        UpdateAsync(context, imageId, image => image.Tags.Contains(tag)
            ? image with { Tags = [.. image.Tags.Where(t => t != tag)] }
            : throw new ImageTagNotFoundException(imageId, tag), cancellationToken);

    public async Task<ImageMeta> UploadAsync(RequestContext context, Guid imageId, Stream data, long sizeCap, CancellationToken cancellationToken = default)
    {
        var image = await GetAsync(context, imageId, cancellationToken);
        ImagePolicy.EnsureCanModify(image, context, "upload_image");
        return await images.UploadAsync(imageId, data, sizeCap, cancellationToken);
    }

    /// <summary>The image and its data; no data (null) while it has none yet (Glance answers 204).</summary>
    public async Task<(ImageMeta Image, Stream? Data)> OpenReadAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken = default)
    {
        var image = await GetAsync(context, imageId, cancellationToken);
        if (image.Status != ImageStatus.Active)
        {
            return (image, null);
        }
        return (image, await images.OpenReadAsync(imageId, cancellationToken));
    }

    public async Task DeleteAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken = default)
    {
        var image = await GetAsync(context, imageId, cancellationToken);
        ImagePolicy.EnsureCanModify(image, context, "delete_image");
        if (image.Protected)
        {
            throw new ImageForbiddenException($"Image {imageId} is protected and cannot be deleted.");
        }
        await images.DeleteAsync(imageId, cancellationToken);
    }

    private static void EnsureTagCount(int count)
    {
        if (count > MaxTags)
        {
            throw new ImageTooManyTagsException(MaxTags);
        }
    }
}
