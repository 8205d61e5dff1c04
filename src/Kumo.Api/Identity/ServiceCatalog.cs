using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kumo.Api.Identity;

/// <summary>
/// The service catalog, built in this one place from the public URL and the region: every service
/// served by this listener, each with public, internal and admin endpoints (one listener, so the same
/// URL, as devstack's single-host layout). Ids are derived from the service type, so they are stable
/// across restarts and hosts. The networking service adds its entry to <see cref="Services"/>.
/// </summary>
public sealed class ServiceCatalog(ApiOptions options)
{
    public static readonly IReadOnlyList<string> Interfaces = ["public", "internal", "admin"];

    /// <summary>(type, name, path under the public URL).</summary>
    public static readonly IReadOnlyList<(string Type, string Name, string Path)> Services =
    [
        ("identity", "keystone", ApiPaths.Identity),
        ("compute", "nova", ApiPaths.Compute + "/v2.1"),
        ("image", "glance", ApiPaths.Image),
        ("network", "neutron", ApiPaths.Network),
    ];

    public JsonArray Build() => new(Services.Select(s => (JsonNode)new JsonObject
    {
        ["endpoints"] = new JsonArray(Interfaces.Select(i => (JsonNode)new JsonObject
        {
            ["id"] = StableId(s.Type + "/" + i),
            ["interface"] = i,
            ["region"] = options.Region,
            ["region_id"] = options.Region,
            ["url"] = options.EffectivePublicUrl.TrimEnd('/') + s.Path,
        }).ToArray()),
        ["id"] = StableId(s.Type),
        ["type"] = s.Type,
        ["name"] = s.Name,
    }).ToArray());

    private static string StableId(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("kumo-catalog:" + key)))[..32];
}
