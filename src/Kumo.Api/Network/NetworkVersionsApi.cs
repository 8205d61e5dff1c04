using System.Text.Json.Nodes;

namespace Kumo.Api.Network;

/// <summary>
/// Neutron's version documents: <c>/network/</c> lists v2.0 (CURRENT); <c>/network/v2.0</c> lists the
/// resources with their collection links, as Neutron's v2 router root does. Both need no token.
/// </summary>
public static class NetworkVersionsApi
{
    private static readonly (string Name, string Collection, string Path)[] Resources =
    [
        ("network", "networks", "networks"),
        ("subnet", "subnets", "subnets"),
        ("port", "ports", "ports"),
        ("security_group", "security_groups", "security-groups"),
        ("security_group_rule", "security_group_rules", "security-group-rules"),
    ];

    public static void Map(RouteGroupBuilder network, ApiOptions options)
    {
        var root = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Network;
        var versions = () => Results.Json(new JsonObject
        {
            ["versions"] = new JsonArray(new JsonObject
            {
                ["id"] = "v2.0",
                ["status"] = "CURRENT",
                ["links"] = new JsonArray(new JsonObject { ["href"] = root + "/v2.0/", ["rel"] = "self" }),
            }),
        });
        network.MapGet("/", versions);
        var resources = () => Results.Json(new JsonObject
        {
            ["resources"] = new JsonArray([.. Resources.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["collection"] = r.Collection,
                ["links"] = new JsonArray(new JsonObject { ["href"] = $"{root}/v2.0/{r.Path}", ["rel"] = "self" }),
            })]),
        });
        network.MapGet("/v2.0", resources);
    }
}
