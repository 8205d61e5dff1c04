using System.Text.Json.Nodes;
using Kumo.Db;

namespace Kumo.Api.Compute.Quotas;

/// <summary>
/// os-quota-class-sets: Nova only honours the "default" class, whose limits every project starts from.
/// Show for any user, update for admins.
/// </summary>
public static class QuotaClassSetsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/os-quota-class-sets/{className}", async (HttpContext http, string className, KumoStores stores, CancellationToken ct) =>
        {
            ResourcePolicy.RequireAdmin(http, "os_compute_api:os-quota-class-sets:show");
            var limits = await stores.Quotas.GetClassLimitsAsync(className, ct);
            return Results.Json(new JsonObject { ["quota_class_set"] = QuotaView.Set(className, limits, http.Microversion()) });
        });
        v21.MapPut("/os-quota-class-sets/{className}", async (HttpContext http, string className, KumoStores stores, CancellationToken ct) =>
        {
            ResourcePolicy.RequireAdmin(http, "os_compute_api:os-quota-class-sets:update");
            var version = http.Microversion();
            var (limits, _) = QuotaView.ParseUpdate(await Infrastructure.JsonBody.ReadObjectAsync(http.Request, ct), "quota_class_set", version, allowForce: false);
            await stores.Quotas.SetClassLimitsAsync(className, limits, ct);
            var updated = await stores.Quotas.GetClassLimitsAsync(className, ct);
            return Results.Json(new JsonObject { ["quota_class_set"] = QuotaView.Set(null, updated, version) });
        });
    }
}
