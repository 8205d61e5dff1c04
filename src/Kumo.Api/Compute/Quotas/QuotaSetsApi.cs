using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;
using Kumo.Db.Stores;
using Kumo.Objects.Quotas;

namespace Kumo.Api.Compute.Quotas;

/// <summary>
/// os-quota-sets: a project's members and admins read its quotas (show, detail with usage, defaults);
/// admins update and delete (back to the defaults). Lowering a limit below what is in use is a 400
/// unless force is set, as Nova does.
/// </summary>
public static class QuotaSetsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/os-quota-sets/{projectId}", async (HttpContext http, string projectId, KumoStores stores, CancellationToken ct) =>
        {
            RequireReader(http, projectId, "show");
            var limits = await stores.Quotas.GetProjectLimitsAsync(projectId, ct);
            return Results.Json(new JsonObject { ["quota_set"] = QuotaView.Set(projectId, limits, http.Microversion()) });
        });
        v21.MapGet("/os-quota-sets/{projectId}/detail", async (HttpContext http, string projectId, KumoStores stores, CancellationToken ct) =>
        {
            RequireReader(http, projectId, "detail");
            var limits = await stores.Quotas.GetProjectLimitsAsync(projectId, ct);
            var userId = projectId == http.KumoContext().ProjectId ? http.KumoContext().UserId : null;
            var inUse = await QuotaView.InUseAsync(stores.Quotas, stores.KeyPairs, projectId, userId, ct);
            return Results.Json(new JsonObject { ["quota_set"] = QuotaView.Detail(projectId, limits, inUse, http.Microversion()) });
        });
        v21.MapGet("/os-quota-sets/{projectId}/defaults", async (HttpContext http, string projectId, KumoStores stores, CancellationToken ct) =>
        {
            var defaults = await stores.Quotas.GetClassLimitsAsync(SqlQuotaStore.DefaultClass, ct);
            return Results.Json(new JsonObject { ["quota_set"] = QuotaView.Set(projectId, defaults, http.Microversion()) });
        });
        v21.MapPut("/os-quota-sets/{projectId}", UpdateAsync);
        v21.MapDelete("/os-quota-sets/{projectId}", async (HttpContext http, string projectId, KumoStores stores, CancellationToken ct) =>
        {
            ResourcePolicy.RequireAdmin(http, "os_compute_api:os-quota-sets:delete");
            await stores.Quotas.DeleteProjectLimitsAsync(projectId, ct);
            return Results.StatusCode(202);
        });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string projectId, KumoStores stores, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-quota-sets:update");
        var version = http.Microversion();
        var (limits, force) = QuotaView.ParseUpdate(await JsonBody.ReadObjectAsync(http.Request, ct), "quota_set", version, allowForce: true);
        if (!force)
        {
            var inUse = await QuotaView.InUseAsync(stores.Quotas, stores.KeyPairs, projectId, null, ct);
            foreach (var (resource, limit) in limits)
            {
                var used = inUse.GetValueOrDefault(resource);
                if (limit >= 0 && limit < used)
                {
                    throw ApiException.BadRequest($"Quota limit {limit} for {resource} must be greater than or equal to already used and reserved {used}.");
                }
            }
        }
        await stores.Quotas.SetProjectLimitsAsync(projectId, limits, ct);
        var updated = await stores.Quotas.GetProjectLimitsAsync(projectId, ct);
        return Results.Json(new JsonObject { ["quota_set"] = QuotaView.Set(null, updated, version) });
    }

    /// <summary>Nova's project_reader_or_admin: your own project's quotas, or any as admin.</summary>
    private static void RequireReader(HttpContext http, string projectId, string action)
    {
        var context = http.KumoContext();
        if (!context.IsAdmin && context.ProjectId != projectId)
        {
            throw ApiException.Forbidden($"Policy doesn't allow os_compute_api:os-quota-sets:{action} to be performed.");
        }
    }
}
