using System.Text.Json;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;

namespace Kumo.Api.Compute.Servers;

/// <summary>/servers/{id}/tags (Nova's server_tags controller, from microversion 2.26; below it the resource does not exist).</summary>
public static class ServerTagsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/servers/{id}/tags", async (HttpContext http, string id, ComputeApi compute) =>
        {
            RequireVersion(http);
            var instance = await compute.GetAsync(http.KumoContext(), ServersApi.ServerId(id), http.RequestAborted);
            return Results.Json(new JsonObject { ["tags"] = ToJson(instance.Tags) });
        });
        v21.MapPut("/servers/{id}/tags", async (HttpContext http, string id, ComputeApi compute) =>
        {
            var context = Writer(http, "os_compute_api:os-server-tags:update_all");
            var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
            NovaInput.OnlyKnown(body, ["tags"]);
            if (body["tags"] is not JsonArray list)
            {
                throw body.ContainsKey("tags") ? NovaInput.Invalid("tags", body["tags"], "is not of type 'array'") : ApiException.BadRequest("'tags' is a required property");
            }
            var tags = list.Select(t => Tag(t is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : t?.ToJsonString() ?? "null", t)).Distinct().ToList();
            var result = await compute.ChangeTagsAsync(context, ServersApi.ServerId(id), "update tags", current =>
            {
                current.Clear();
                foreach (var tag in tags)
                {
                    current.Add(tag);
                }
            }, http.RequestAborted);
            return Results.Json(new JsonObject { ["tags"] = ToJson(result) });
        });
        v21.MapDelete("/servers/{id}/tags", async (HttpContext http, string id, ComputeApi compute) =>
        {
            var context = Writer(http, "os_compute_api:os-server-tags:delete_all");
            await compute.ChangeTagsAsync(context, ServersApi.ServerId(id), "delete tags", current => current.Clear(), http.RequestAborted);
            return Results.NoContent();
        });
        v21.MapGet("/servers/{id}/tags/{tag}", async (HttpContext http, string id, string tag, ComputeApi compute) =>
        {
            RequireVersion(http);
            var uuid = ServersApi.ServerId(id);
            var instance = await compute.GetAsync(http.KumoContext(), uuid, http.RequestAborted);
            return instance.Tags.Contains(tag) ? Results.NoContent() : throw new InstanceTagNotFoundException(uuid, tag);
        });
        v21.MapPut("/servers/{id}/tags/{tag}", async (HttpContext http, string id, string tag, ComputeApi compute, ApiOptions options) =>
        {
            var context = Writer(http, "os_compute_api:os-server-tags:update");
            Tag(tag, JsonValue.Create(tag));
            var uuid = ServersApi.ServerId(id);
            var added = false;
            await compute.ChangeTagsAsync(context, uuid, "update tag", current =>
            {
                if (!current.Contains(tag))
                {
                    current.Add(tag);
                    added = true;
                }
            }, http.RequestAborted);
            if (!added)
            {
                return Results.NoContent();
            }
            http.Response.Headers.Location = $"{options.EffectivePublicUrl.TrimEnd('/')}{ApiPaths.Compute}/v2.1/servers/{uuid}/tags/{Uri.EscapeDataString(tag)}";
            return Results.StatusCode(201);
        });
        v21.MapDelete("/servers/{id}/tags/{tag}", async (HttpContext http, string id, string tag, ComputeApi compute) =>
        {
            var context = Writer(http, "os_compute_api:os-server-tags:delete");
            var uuid = ServersApi.ServerId(id);
            await compute.ChangeTagsAsync(context, uuid, "delete tag", current =>
            {
                if (!current.Remove(tag))
                {
                    throw new InstanceTagNotFoundException(uuid, tag);
                }
            }, http.RequestAborted);
            return Results.NoContent();
        });
    }

    /// <summary>Nova's tag type: a string of 1 to 60 characters without ',' or '/'.</summary>
    private static string Tag(string tag, JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            throw NovaInput.Invalid("tags", node, $"{tag} is not of type 'string'");
        }
        if (tag.Length is 0 or > 60 || tag.Contains(',') || tag.Contains('/'))
        {
            throw NovaInput.Invalid("tags", node, $"'{tag}' must be 1 to 60 characters without ',' or '/'");
        }
        return tag;
    }

    private static Kumo.Objects.Context.RequestContext Writer(HttpContext http, string rule)
    {
        RequireVersion(http);
        var context = http.KumoContext();
        Policy.RequireWrite(context, rule);
        return context;
    }

    private static void RequireVersion(HttpContext http)
    {
        if (!http.Microversion().AtLeast("2.26"))
        {
            throw ApiException.NotFound("The resource could not be found.");
        }
    }

    private static JsonArray ToJson(IEnumerable<string> tags) => new([.. tags.Select(t => (JsonNode)JsonValue.Create(t))]);
}
