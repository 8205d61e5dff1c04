namespace Kumo.Objects.Images;

/// <summary>A project a shared image is offered to, and whether it took the offer (Glance's image member).</summary>
public sealed record ImageMember(Guid ImageId, string MemberId, ImageMemberStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>pending until the member accepts or rejects; only accepted images appear in the member's list.</summary>
public enum ImageMemberStatus
{
    Pending,
    Accepted,
    Rejected,
}
