using Kumo.Objects.Errors;

namespace Kumo.Image;

/// <summary>The caller may see the image but not do this to it (Glance's Forbidden, 403).</summary>
public sealed class ImageForbiddenException(string message) : KumoException(message)
{
    public override int Code => 403;
}

/// <summary>The upload is larger than image_size_cap (Glance's 413 Request Entity Too Large).</summary>
public sealed class ImageTooLargeException(long sizeCap)
    : KumoException($"Image exceeds the storage quota: the largest image accepted is {sizeCap} bytes (image_size_cap).")
{
    public long SizeCap { get; } = sizeCap;
    public override int Code => 413;
}

/// <summary>The image has no such tag (404).</summary>
public sealed class ImageTagNotFoundException(Guid imageId, string tag)
    : KumoException($"Tag {tag} not found on image {imageId}.")
{
    public override int Code => 404;
}

/// <summary>More tags than image_tag_quota (Glance answers 413).</summary>
public sealed class ImageTooManyTagsException(int quota)
    : KumoException($"Maximum number of tags exceeded: an image may have at most {quota} tags.")
{
    public override int Code => 413;
}

/// <summary>The project is not a member of the image, or the caller may not see that it is (404).</summary>
public sealed class ImageMemberNotFoundException(Guid imageId, string memberId)
    : KumoException($"{memberId} not found in the member list of the image {imageId}.")
{
    public override int Code => 404;
}

/// <summary>The project is a member already (409).</summary>
public sealed class ImageMemberConflictException(Guid imageId, string memberId)
    : KumoException($"Member {memberId} is duplicated for image {imageId}.")
{
    public override int Code => 409;
}
