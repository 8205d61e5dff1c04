using System.Text.Json.Nodes;

namespace Kumo.Api.Identity;

/// <summary>
/// Keystone's discovery: the root answers 300 Multiple Choices with the one version (v3.14, stable),
/// /v3 describes itself. keystoneauth reads these before anything else.
/// </summary>
public static class IdentityVersionsApi
{
    public static void Map(IEndpointRouteBuilder identity, ApiOptions options)
    {
        var v3 = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Identity + "/v3/";
        IResult Versions() => Results.Json(new JsonObject { ["versions"] = new JsonObject { ["values"] = new JsonArray(Version(v3)) } }, statusCode: 300);
        // Routing ignores a trailing slash: "/" also answers /identity, "/v3" also /identity/v3/.
        identity.MapGet("/", Versions);
        identity.MapGet("/v3", () => Results.Json(new JsonObject { ["version"] = Version(v3) }));
    }

    private static JsonObject Version(string self) => new()
    {
        ["id"] = "v3.14",
        ["status"] = "stable",
        ["updated"] = "2020-04-07T00:00:00Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = self }),
        ["media-types"] = new JsonArray(new JsonObject
        {
            ["base"] = "application/json",
            ["type"] = "application/vnd.openstack.identity-v3+json",
        }),
    };
}
