using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;

namespace Kumo.Api.Compute.Servers;

/// <summary>/servers/{id}/metadata and /metadata/{key} (Nova's server_metadata controller and schemas).</summary>
public static class ServerMetadataApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/servers/{id}/metadata", async (HttpContext http, string id, ComputeApi compute) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServersApi.ServerId(id), http.RequestAborted);
            return Results.Json(new JsonObject { ["metadata"] = ToJson(instance.Metadata) });
        });
        v21.MapPost("/servers/{id}/metadata", (HttpContext http, string id, ComputeApi compute) => WriteAllAsync(http, id, compute, replace: false));
        v21.MapPut("/servers/{id}/metadata", (HttpContext http, string id, ComputeApi compute) => WriteAllAsync(http, id, compute, replace: true));
        v21.MapGet("/servers/{id}/metadata/{key}", async (HttpContext http, string id, string key, ComputeApi compute) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServersApi.ServerId(id), http.RequestAborted);
            return instance.Metadata.TryGetValue(key, out var value)
                ? Results.Json(new JsonObject { ["meta"] = new JsonObject { [key] = value } })
                : throw ApiException.NotFound("Metadata item was not found");
        });
        v21.MapPut("/servers/{id}/metadata/{key}", async (HttpContext http, string id, string key, ComputeApi compute) =>
        {
            var context = http.KumoContext();
            Policy.RequireWrite(context, "os_compute_api:server-metadata:update");
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
            NovaInput.OnlyKnown(body, ["meta"]);
            var meta = NovaInput.Metadata(body["meta"] ?? throw ApiException.BadRequest("'meta' is a required property"), "meta");
            if (meta.Count != 1)
            {
                throw NovaInput.Invalid("meta", body["meta"], meta.Count == 0 ? "{} does not have enough properties" : "has too many properties");
            }
            if (!meta.ContainsKey(key))
            {
                throw ApiException.BadRequest("Request body and URI mismatch");
            }
            await compute.UpdateMetadataAsync(context, ServersApi.ServerId(id), meta, replace: false, http.RequestAborted);
            return Results.Json(new JsonObject { ["meta"] = ToJson(meta) });
        });
        v21.MapDelete("/servers/{id}/metadata/{key}", async (HttpContext http, string id, string key, ComputeApi compute) =>
        {
            var context = http.KumoContext();
            Policy.RequireWrite(context, "os_compute_api:server-metadata:delete");
            await compute.DeleteMetadataItemAsync(context, ServersApi.ServerId(id), key, http.RequestAborted);
            return Results.NoContent();
        });
    }

    private static async Task<IResult> WriteAllAsync(HttpContext http, string id, ComputeApi compute, bool replace)
    {
        var context = http.KumoContext();
        Policy.RequireWrite(context, replace ? "os_compute_api:server-metadata:update_all" : "os_compute_api:server-metadata:create");
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
        NovaInput.OnlyKnown(body, ["metadata"]);
        var metadata = NovaInput.Metadata(body["metadata"] ?? throw ApiException.BadRequest("'metadata' is a required property"), "metadata");
        var result = await compute.UpdateMetadataAsync(context, ServersApi.ServerId(id), metadata, replace, http.RequestAborted);
        return Results.Json(new JsonObject { ["metadata"] = ToJson(result) });
    }

    private static JsonObject ToJson(IEnumerable<KeyValuePair<string, string>> items)
    {
        var json = new JsonObject();
        foreach (var (key, value) in items)
        {
            json[key] = value;
        }
        return json;
    }
}
