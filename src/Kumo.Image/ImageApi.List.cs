using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Images;

namespace Kumo.Image;

public sealed partial class ImageApi
{
    /// <summary>
    /// The images the caller may see that match the query, sorted and paged. Filtering runs over the
    /// records in memory: an image catalogue is small (hundreds), and the visibility rules need the
    /// caller's memberships anyway.
    /// </summary>
    public async Task<ImagePage> ListAsync(RequestContext context, ImageListQuery query, CancellationToken cancellationToken = default)
    {
        var all = await store.ListAsync(cancellationToken);
        var memberships = await store.ListMembershipsAsync(context.ProjectId, cancellationToken);
        var visible = all.Where(i => ImagePolicy.IsVisible(i, context, memberships.GetValueOrDefault(i.Id))).ToList();
        var comparer = Comparer<ImageMeta>.Create((a, b) => Compare(a, b, query.Sort));
        var matching = visible.Where(i => Listed(i, context, query, memberships.GetValueOrDefault(i.Id)) && Matches(i, query));
        if (query.Marker is { } markerId)
        {
            var marker = visible.FirstOrDefault(i => i.Id == markerId)
                ?? throw new InvalidRequestException($"Invalid marker. Image {markerId} could not be found.");
            matching = matching.Where(i => comparer.Compare(i, marker) > 0);
        }
        var sorted = matching.Order(comparer).ToList();
        var page = sorted.Take(query.Limit).ToList();
        return new ImagePage(page, sorted.Count > page.Count && page.Count > 0 ? page[^1].Id : null);
    }

    /// <summary>Which visible images a list shows (glance/db/sqlalchemy/api.py's visibility conditions).</summary>
    private static bool Listed(ImageMeta image, RequestContext context, ImageListQuery query, ImageMember? membership)
    {
        if (query.AllVisibilities)
        {
            return true;
        }
        if (query.Visibility is { } wanted && image.Visibility != wanted)
        {
            return false;
        }
        var owned = ImagePolicy.IsOwner(image, context);
        return image.Visibility switch
        {
            ImageVisibility.Community => owned || query.Visibility == ImageVisibility.Community,
            ImageVisibility.Shared when !owned && membership is not null => query.MemberStatus is null || membership.Status == query.MemberStatus,
            _ => true,
        };
    }

    private static bool Matches(ImageMeta image, ImageListQuery query) =>
        (query.Name is null || image.Name == query.Name)
        && (query.Status is null || image.Status == query.Status)
        && (query.Owner is null || image.Owner == query.Owner)
        && (query.DiskFormat is null || image.DiskFormat == query.DiskFormat)
        && (query.ContainerFormat is null || image.ContainerFormat == query.ContainerFormat)
        && (query.Size is null || image.Size == query.Size)
        && (query.SizeMin is null || image.Size >= query.SizeMin)
        && (query.SizeMax is null || image.Size <= query.SizeMax)
        && (query.Protected is null || image.Protected == query.Protected)
        && image.OsHidden == query.OsHidden
        && query.Tags.All(image.Tags.Contains)
        && query.Properties.All(p => image.Properties.TryGetValue(p.Key, out var v) && v == p.Value);

    private static int Compare(ImageMeta a, ImageMeta b, IReadOnlyList<ImageSortKey> sort)
    {
        foreach (var key in sort)
        {
            var order = CompareBy(a, b, key.Key);
            if (order != 0)
            {
                return key.Descending ? -order : order;
            }
        }
        // A total order, so that the marker splits the list in one place; as Glance appends id.
        var last = sort.Count > 0 && sort[^1].Descending;
        var byId = string.CompareOrdinal(a.Id.ToString(), b.Id.ToString());
        return last ? -byId : byId;
    }

    private static int CompareBy(ImageMeta a, ImageMeta b, string key) => key switch
    {
        "name" => string.CompareOrdinal(a.Name, b.Name),
        "status" => string.CompareOrdinal(FileImageService.StatusName(a.Status), FileImageService.StatusName(b.Status)),
        "container_format" => string.CompareOrdinal(a.ContainerFormat, b.ContainerFormat),
        "disk_format" => string.CompareOrdinal(a.DiskFormat, b.DiskFormat),
        "size" => Nullable.Compare(a.Size, b.Size),
        "id" => string.CompareOrdinal(a.Id.ToString(), b.Id.ToString()),
        "created_at" => a.CreatedAt.CompareTo(b.CreatedAt),
        "updated_at" => a.UpdatedAt.CompareTo(b.UpdatedAt),
        _ => throw new InvalidRequestException($"Invalid sort key: {key}. It must be one of the following: {string.Join(", ", ImageListQuery.SortKeys)}."),
    };
}
