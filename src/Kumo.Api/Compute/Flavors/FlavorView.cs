using System.Text.Json.Nodes;
using Kumo.Objects.Flavors;

namespace Kumo.Api.Compute.Flavors;

/// <summary>
/// Nova's flavor views (nova/api/openstack/compute/views/flavors.py) per microversion: description from
/// 2.55 (list too), extra_specs in the detailed view from 2.61, swap 0 instead of "" from 2.75.
/// </summary>
public sealed class FlavorView(ApiOptions options)
{
    private readonly string _base = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Compute;

    public JsonObject Basic(Flavor flavor, Microversion version)
    {
        var view = new JsonObject
        {
            ["id"] = flavor.Id,
            ["name"] = flavor.Name,
            ["links"] = Links(flavor.Id),
        };
        if (version.AtLeast("2.55"))
        {
            view["description"] = flavor.Description;
        }
        return view;
    }

    public JsonObject Detail(Flavor flavor, Microversion version)
    {
        var view = new JsonObject
        {
            ["id"] = flavor.Id,
            ["name"] = flavor.Name,
            ["ram"] = flavor.MemoryMb,
            ["disk"] = flavor.RootGb,
            ["swap"] = flavor.SwapMb == 0 && !version.AtLeast("2.75") ? JsonValue.Create("") : JsonValue.Create(flavor.SwapMb),
            ["OS-FLV-EXT-DATA:ephemeral"] = flavor.EphemeralGb,
            ["OS-FLV-DISABLED:disabled"] = false,
            ["vcpus"] = flavor.Vcpus,
            ["os-flavor-access:is_public"] = flavor.IsPublic,
            ["rxtx_factor"] = flavor.RxtxFactor,
            ["links"] = Links(flavor.Id),
        };
        if (version.AtLeast("2.55"))
        {
            view["description"] = flavor.Description;
        }
        if (version.AtLeast("2.61"))
        {
            view["extra_specs"] = ExtraSpecs(flavor.ExtraSpecs);
        }
        return view;
    }

    public static JsonObject ExtraSpecs(IReadOnlyDictionary<string, string> specs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in specs.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }
        return json;
    }

    /// <summary>The next page's link (Nova's _get_collection_links), keeping the request's other parameters.</summary>
    public JsonArray NextLink(string path, IQueryCollection query, string lastId)
    {
        var parameters = query.Where(q => q.Key is not "marker")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"marker={Uri.EscapeDataString(lastId)}");
        return new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = $"{_base}/v2.1/{path}?{string.Join('&', parameters)}" });
    }

    private JsonArray Links(string id) => new(
        new JsonObject { ["rel"] = "self", ["href"] = $"{_base}/v2.1/flavors/{Uri.EscapeDataString(id)}" },
        new JsonObject { ["rel"] = "bookmark", ["href"] = $"{_base}/flavors/{Uri.EscapeDataString(id)}" });
}
