using System.Globalization;
using Kumo.Api.Infrastructure;
using Kumo.Db.Stores;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;
using Kumo.Objects.Flavors;

namespace Kumo.Api.Compute.Flavors;

/// <summary>
/// Which flavors a caller sees and in which order (nova/api/openstack/compute/flavors.py _get_flavors):
/// public ones and the private ones shared with the caller's project; an admin chooses with is_public
/// (default true: public plus shared, "none": all, false: private only). Filters minRam/minDisk,
/// sort_key/sort_dir, limit/marker. Flavor counts are small, so this runs over the whole list.
/// </summary>
public sealed class FlavorListing(IFlavorStore flavors, IFlavorAccessStore access, ApiOptions options)
{
    private static readonly Dictionary<string, Func<Flavor, IComparable>> SortKeys = new(StringComparer.Ordinal)
    {
        ["flavorid"] = f => f.Id,
        ["id"] = f => f.Id,
        ["name"] = f => f.Name,
        ["memory_mb"] = f => f.MemoryMb,
        ["vcpus"] = f => f.Vcpus,
        ["root_gb"] = f => f.RootGb,
        ["ephemeral_gb"] = f => f.EphemeralGb,
        ["swap"] = f => f.SwapMb,
        ["rxtx_factor"] = f => f.RxtxFactor,
        ["is_public"] = f => f.IsPublic,
        ["description"] = f => f.Description ?? "",
    };

    public async Task<IReadOnlyList<Flavor>> ListAsync(RequestContext context, IQueryCollection query, CancellationToken cancellationToken)
    {
        var isPublic = context.IsAdmin ? ParseIsPublic(query["is_public"].FirstOrDefault()) : true;
        var shared = await access.ListFlavorsAsync(context.ProjectId, cancellationToken);
        var minRam = MinFilter(query, "minRam");
        var minDisk = MinFilter(query, "minDisk");
        IEnumerable<Flavor> visible = (await flavors.ListAsync(cancellationToken)).Where(f => isPublic switch
        {
            null => true,
            true => f.IsPublic || shared.Contains(f.Id),
            false => !f.IsPublic,
        }).Where(f => f.MemoryMb >= minRam && f.RootGb >= minDisk);
        visible = Sort(visible, query);
        return Page(visible.ToList(), query);
    }

    /// <summary>The flavor if the caller may see it, else FlavorNotFound (404), as Nova hides private flavors.</summary>
    public async Task<Flavor> GetVisibleAsync(RequestContext context, string flavorId, CancellationToken cancellationToken)
    {
        var flavor = await flavors.GetAsync(flavorId, cancellationToken);
        if (!flavor.IsPublic && !context.IsAdmin && !(await access.ListFlavorsAsync(context.ProjectId, cancellationToken)).Contains(flavor.Id))
        {
            throw new FlavorNotFoundException(flavorId);
        }
        return flavor;
    }

    /// <summary>The page size a full page has, for the next link (null when no page limit applied).</summary>
    public int PageLimit(IQueryCollection query) => query.ContainsKey("limit") ? Math.Min(ParseLimit(query), options.MaxLimit) : options.MaxLimit;

    private static bool? ParseIsPublic(string? text)
    {
        if (text is null)
        {
            return true;
        }
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return text.ToLowerInvariant() switch
        {
            "true" or "1" or "t" or "on" or "y" or "yes" => true,
            "false" or "0" or "f" or "off" or "n" or "no" => false,
            _ => throw ApiException.BadRequest($"Invalid is_public filter [{text}]"),
        };
    }

    private static int MinFilter(IQueryCollection query, string name)
    {
        var text = query[name].FirstOrDefault();
        if (text is null)
        {
            return 0;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"Invalid {name} filter [{text}]");
    }

    private static IEnumerable<Flavor> Sort(IEnumerable<Flavor> flavors, IQueryCollection query)
    {
        var key = query["sort_key"].FirstOrDefault() ?? "flavorid";
        var dir = query["sort_dir"].FirstOrDefault() ?? "asc";
        if (!SortKeys.TryGetValue(key, out var selector))
        {
            throw ApiException.BadRequest($"Sort key supplied is invalid: {key}");
        }
        return dir switch
        {
            "asc" => flavors.OrderBy(selector).ThenBy(f => f.Id, StringComparer.Ordinal),
            "desc" => flavors.OrderByDescending(selector).ThenByDescending(f => f.Id, StringComparer.Ordinal),
            _ => throw ApiException.BadRequest($"Unknown sort direction, must be 'desc' or 'asc': {dir}"),
        };
    }

    private List<Flavor> Page(List<Flavor> sorted, IQueryCollection query)
    {
        var start = 0;
        if (query["marker"].FirstOrDefault() is { } marker)
        {
            var index = sorted.FindIndex(f => f.Id == marker);
            start = index >= 0 ? index + 1 : throw ApiException.BadRequest($"marker [{marker}] not found");
        }
        return sorted.Skip(start).Take(PageLimit(query)).ToList();
    }

    private static int ParseLimit(IQueryCollection query)
    {
        var text = query["limit"].ToString();
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
        {
            throw ApiException.BadRequest("limit param must be an integer");
        }
        return limit >= 0 ? limit : throw ApiException.BadRequest("limit param must be positive");
    }
}
