using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// os-availability-zone: Kumo's one zone, "nova" (Nova's default_availability_zone), with the compute
/// hosts in it; the detail (admin) adds the "internal" zone of the control services, as Nova lists them.
/// </summary>
public static class AvailabilityZonesApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/os-availability-zone", () => Results.Json(new JsonObject
        {
            ["availabilityZoneInfo"] = new JsonArray(Zone(ServerCreateBody.DefaultZone, null)),
        }));
        v21.MapGet("/os-availability-zone/detail", async (HttpContext http, KumoStores stores) =>
        {
            Policy.RequireAdmin(http.KumoContext(), "os_compute_api:os-availability-zone:detail");
            var nodes = await stores.ComputeNodes.ListAsync(http.RequestAborted);
            var computeHosts = new JsonObject();
            foreach (var node in nodes.GroupBy(n => n.Host))
            {
                computeHosts[node.Key] = new JsonObject { ["nova-compute"] = Service(node.Max(n => n.UpdatedAt)) };
            }
            // The all-in-one runs the control services in the API's own process: they are up when it answers.
            var now = TimeProvider.System.GetUtcNow();
            var internalHosts = new JsonObject
            {
                [Environment.MachineName] = new JsonObject { ["nova-conductor"] = Service(now), ["nova-scheduler"] = Service(now) },
            };
            return Results.Json(new JsonObject
            {
                ["availabilityZoneInfo"] = new JsonArray(Zone("internal", internalHosts), Zone(ServerCreateBody.DefaultZone, computeHosts)),
            });
        });
    }

    private static JsonObject Zone(string name, JsonObject? hosts) => new()
    {
        ["zoneName"] = name,
        ["zoneState"] = new JsonObject { ["available"] = true },
        ["hosts"] = hosts,
    };

    private static JsonObject Service(DateTimeOffset updatedAt) => new()
    {
        ["available"] = true,
        ["active"] = true,
        ["updated_at"] = ServerView.UsageTime(updatedAt),
    };
}
