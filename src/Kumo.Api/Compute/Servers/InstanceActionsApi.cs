using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;
using Kumo.Objects.Actions;
using Kumo.Objects.Context;
using Kumo.Objects.Errors;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// /servers/{id}/os-instance-actions (Nova's instance_actions controller): the actions of a server,
/// newest first; one action with its events for admins (Nova's os-instance-actions:events policy).
/// From 2.21 the actions of a deleted server stay readable.
/// </summary>
public static class InstanceActionsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/servers/{id}/os-instance-actions", async (HttpContext http, string id, KumoStores stores) =>
        {
            var uuid = await VisibleServerAsync(http, id, stores);
            var list = new JsonArray();
            foreach (var action in await stores.InstanceActions.ListAsync(uuid, http.RequestAborted))
            {
                list.Add(Action(action));
            }
            return Results.Json(new JsonObject { ["instanceActions"] = list });
        });
        v21.MapGet("/servers/{id}/os-instance-actions/{requestId}", async (HttpContext http, string id, string requestId, KumoStores stores) =>
        {
            var uuid = await VisibleServerAsync(http, id, stores);
            var action = await stores.InstanceActions.GetAsync(uuid, requestId, http.RequestAborted)
                ?? throw ApiException.NotFound($"Action for request_id {requestId} on instance {uuid} not found");
            var body = Action(action);
            if (http.KumoContext().IsAdmin)
            {
                body["events"] = new JsonArray([.. action.Events.Select(Event)]);
            }
            return Results.Json(new JsonObject { ["instanceAction"] = body });
        });
    }

    private static async Task<Guid> VisibleServerAsync(HttpContext http, string id, KumoStores stores)
    {
        var uuid = ServersApi.ServerId(id);
        var context = http.KumoContext();
        var instance = await stores.Instances.TryGetAsync(uuid, readDeleted: http.Microversion().AtLeast("2.21"), http.RequestAborted);
        if (instance is null || !Visible(context, instance.ProjectId))
        {
            throw new InstanceNotFoundException(uuid);
        }
        return uuid;
    }

    private static bool Visible(RequestContext context, string projectId) => context.IsAdmin || projectId == context.ProjectId;

    private static JsonObject Action(InstanceAction action) => new()
    {
        ["action"] = action.Action,
        ["instance_uuid"] = action.InstanceUuid.ToString(),
        ["message"] = action.Message,
        ["project_id"] = action.ProjectId,
        ["request_id"] = action.RequestId,
        ["start_time"] = ServerView.UsageTime(action.StartTime),
        ["user_id"] = action.UserId,
    };

    private static JsonNode Event(InstanceActionEvent e) => new JsonObject
    {
        ["event"] = e.Event,
        ["start_time"] = ServerView.UsageTime(e.StartTime),
        ["finish_time"] = ServerView.UsageTime(e.FinishTime),
        ["result"] = e.Result,
        ["traceback"] = e.Traceback,
    };
}
