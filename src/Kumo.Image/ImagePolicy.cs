using Kumo.Objects.Context;
using Kumo.Objects.Images;

namespace Kumo.Image;

/// <summary>
/// Glance's image policy (glance/policies/image.py with secure RBAC defaults): who sees an image and
/// who may change it. A caller who may not see an image gets 404, never 403, so that ids of other
/// projects' images leak nothing.
/// </summary>
public static class ImagePolicy
{
    /// <summary>Admin sees everything; public and community images are seen by all; shared ones by their members.</summary>
    public static bool IsVisible(ImageMeta image, RequestContext context, ImageMember? membership) =>
        context.IsAdmin
        || image.Visibility is ImageVisibility.Public or ImageVisibility.Community
        || IsOwner(image, context)
        || (image.Visibility == ImageVisibility.Shared && membership is not null);

    /// <summary>Whether <see cref="IsVisible"/> depends on the caller's membership (so it must be looked up).</summary>
    public static bool NeedsMembership(ImageMeta image, RequestContext context) =>
        image.Visibility == ImageVisibility.Shared && !context.IsAdmin && !IsOwner(image, context);

    public static bool IsOwner(ImageMeta image, RequestContext context) =>
        image.Owner is not null && image.Owner == context.ProjectId;

    /// <summary>modify_image/upload_image/delete_image: the owner's members, or admin. A reader only looks.</summary>
    public static void EnsureCanModify(ImageMeta image, RequestContext context, string action)
    {
        if (context.IsAdmin || (IsOwner(image, context) && context.CanWrite))
        {
            return;
        }
        throw new ImageForbiddenException($"You are not authorized to complete {action} action.");
    }

    /// <summary>publicize_image is admin-only; the owner may make an image private, shared or community.</summary>
    public static void EnsureCanSetVisibility(ImageVisibility visibility, RequestContext context)
    {
        if (visibility == ImageVisibility.Public && !context.IsAdmin)
        {
            throw new ImageForbiddenException("You are not authorized to complete publicize_image action.");
        }
    }

    /// <summary>Only admin may create or give an image to another project.</summary>
    public static void EnsureCanSetOwner(string? owner, RequestContext context)
    {
        if (!context.IsAdmin && owner != context.ProjectId)
        {
            throw new ImageForbiddenException($"You are not permitted to create images owned by '{owner}'.");
        }
    }
}
