using System.Text.Json.Nodes;

namespace Kumo.Api.Compute;

/// <summary>
/// Nova's version documents: the root lists v2.0 (the legacy API, SUPPORTED) and v2.1; each self link
/// answers its own document, as Nova serves /v2.0/ beside /v2.1/ (Tempest's test_get_version_details
/// follows every one). Kumo serves nothing else under /v2.0.
/// </summary>
public static class VersionsApi
{
    public static void Map(IEndpointRouteBuilder compute, ApiOptions options)
    {
        var baseUrl = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Compute;
        compute.MapGet("/", () => Results.Json(new JsonObject
        {
            ["versions"] = new JsonArray(Version(baseUrl, "v2.0", "SUPPORTED", "", ""), Version(baseUrl, "v2.1", "CURRENT", Microversion.Max.ToString(), Microversion.Min.ToString())),
        }, statusCode: 200)).WithName("compute-versions");
        // Routing matches these with and without the trailing slash the self links carry.
        compute.MapGet("/v2.0", () => Results.Json(new JsonObject { ["version"] = Version(baseUrl, "v2.0", "SUPPORTED", "", "") }));
        compute.MapGet("/v2.1", () => Results.Json(new JsonObject { ["version"] = Version(baseUrl, "v2.1", "CURRENT", Microversion.Max.ToString(), Microversion.Min.ToString()) }));
    }

    private static JsonObject Version(string baseUrl, string id, string status, string version, string minVersion) => new()
    {
        ["id"] = id,
        ["status"] = status,
        ["version"] = version,
        ["min_version"] = minVersion,
        ["updated"] = id == "v2.0" ? "2011-01-21T11:33:21Z" : "2013-07-23T11:33:21Z",
        ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{baseUrl}/{id}/" }),
        ["media-types"] = new JsonArray(new JsonObject
        {
            ["base"] = "application/json",
            ["type"] = id == "v2.0" ? "application/vnd.openstack.compute+json;version=2" : "application/vnd.openstack.compute+json;version=2.1",
        }),
    };
}
