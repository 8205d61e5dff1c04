using Kumo.Objects.Images;

namespace Kumo.Image;

/// <summary>
/// GET /v2/images, parsed and validated: Glance's filters (a null filter matches everything), sort
/// keys with directions (id is always the last tie-breaker) and the page (limit, marker).
/// </summary>
public sealed record ImageListQuery
{
    public string? Name { get; init; }
    public ImageStatus? Status { get; init; }
    /// <summary>Null: Glance's default list (own, public, accepted shared; no community of others).</summary>
    public ImageVisibility? Visibility { get; init; }
    /// <summary>visibility=all: every image the caller may see, community included.</summary>
    public bool AllVisibilities { get; init; }
    public string? Owner { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? DiskFormat { get; init; }
    public string? ContainerFormat { get; init; }
    public long? Size { get; init; }
    public long? SizeMin { get; init; }
    public long? SizeMax { get; init; }
    /// <summary>Which offered shared images are listed; null means all of them (member_status=all).</summary>
    public ImageMemberStatus? MemberStatus { get; init; } = ImageMemberStatus.Accepted;
    public bool OsHidden { get; init; }
    public bool? Protected { get; init; }
    /// <summary>Extra-property filters (?kernel_id=...): exact string matches.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ImageSortKey> Sort { get; init; } = [new("created_at", Descending: true)];
    public int Limit { get; init; } = 25;
    public Guid? Marker { get; init; }

    /// <summary>Glance's sortable fields.</summary>
    public static readonly IReadOnlyList<string> SortKeys = ["name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"];
}

public sealed record ImageSortKey(string Key, bool Descending);

/// <summary>One page; <see cref="NextMarker"/> is set when more images follow.</summary>
public sealed record ImagePage(IReadOnlyList<ImageMeta> Images, Guid? NextMarker);
