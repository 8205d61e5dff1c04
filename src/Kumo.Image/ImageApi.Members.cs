using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Image;

/// <summary>
/// Image members (glance/api/v2/image_members.py): the owner offers a shared image to a project, the
/// project accepts or rejects it. The owner (or admin) sees and manages every member; a member sees
/// and answers only its own entry.
/// </summary>
public sealed partial class ImageApi
{
    public async Task<IReadOnlyList<ImageMember>> ListMembersAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken = default)
    {
        var image = await GetSharedAsync(context, imageId, cancellationToken);
        var members = await store.ListMembersAsync(imageId, cancellationToken);
        return ManagesMembers(image, context) ? members : [.. members.Where(m => m.MemberId == context.ProjectId)];
    }

    public async Task<ImageMember> GetMemberAsync(RequestContext context, Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var image = await GetAsync(context, imageId, cancellationToken);
        var member = await store.TryGetMemberAsync(imageId, memberId, cancellationToken);
        if (member is null || (!ManagesMembers(image, context) && memberId != context.ProjectId))
        {
            throw new ImageMemberNotFoundException(imageId, memberId);
        }
        return member;
    }

    public async Task<ImageMember> CreateMemberAsync(RequestContext context, Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var image = await GetSharedAsync(context, imageId, cancellationToken);
        ImagePolicy.EnsureCanModify(image, context, "add_member");
        if (string.IsNullOrWhiteSpace(memberId) || memberId.Length > 255)
        {
            throw new InvalidRequestException("Member can't be empty and must be at most 255 characters.");
        }
        var now = time.GetUtcNow();
        var member = new ImageMember(imageId, memberId, ImageMemberStatus.Pending, now, now);
        return await store.TryCreateMemberAsync(member, cancellationToken)
            ? member
            : throw new ImageMemberConflictException(imageId, memberId);
    }

    /// <summary>Only the member itself answers the offer (Glance: the owner may not set a member's status).</summary>
    public async Task<ImageMember> UpdateMemberAsync(RequestContext context, Guid imageId, string memberId, ImageMemberStatus status, CancellationToken cancellationToken = default)
    {
        var member = await GetMemberAsync(context, imageId, memberId, cancellationToken);
        if (memberId != context.ProjectId || !context.CanWrite)
        {
            throw new ImageForbiddenException("You are not permitted to modify 'status' on this image member.");
        }
        var updated = member with { Status = status, UpdatedAt = time.GetUtcNow() };
        return await store.UpdateMemberAsync(updated, cancellationToken) ? updated : throw new ImageMemberNotFoundException(imageId, memberId);
    }

    public async Task DeleteMemberAsync(RequestContext context, Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var image = await GetAsync(context, imageId, cancellationToken);
        await GetMemberAsync(context, imageId, memberId, cancellationToken);
        ImagePolicy.EnsureCanModify(image, context, "delete_member");
        if (!await store.DeleteMemberAsync(imageId, memberId, cancellationToken))
        {
            throw new ImageMemberNotFoundException(imageId, memberId);
        }
    }

    private async Task<ImageMeta> GetSharedAsync(RequestContext context, Guid imageId, CancellationToken cancellationToken)
    {
        var image = await GetAsync(context, imageId, cancellationToken);
        return image.Visibility == ImageVisibility.Shared
            ? image
            : throw new ImageForbiddenException($"Only shared images have members; image {imageId} is {image.Visibility.ToString().ToLowerInvariant()}.");
    }

    private static bool ManagesMembers(ImageMeta image, RequestContext context) => context.IsAdmin || ImagePolicy.IsOwner(image, context);
}
