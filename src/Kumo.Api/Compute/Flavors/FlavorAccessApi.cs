using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;

namespace Kumo.Api.Compute.Flavors;

/// <summary>
/// Private flavors' access lists (Nova's os-flavor-access), admin-only: GET the list, and the flavor
/// actions addTenantAccess / removeTenantAccess. A public flavor has no list (404 to read, 409 to add).
/// </summary>
public static class FlavorAccessApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/flavors/{flavorId}/os-flavor-access", async (HttpContext http, string flavorId, KumoStores stores, CancellationToken ct) =>
        {
            ResourcePolicy.RequireAdmin(http, "os_compute_api:os-flavor-access");
            var flavor = await stores.Flavors.GetAsync(flavorId, ct);
            if (flavor.IsPublic)
            {
                throw ApiException.NotFound("Access list not available for public flavors.");
            }
            return await ListAsync(stores, flavorId, ct);
        });
        v21.MapPost("/flavors/{flavorId}/action", ActionAsync);
    }

    private static async Task<IResult> ActionAsync(HttpContext http, string flavorId, KumoStores stores, CancellationToken ct)
    {
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (body.Count != 1 || body.First().Key is not ("addTenantAccess" or "removeTenantAccess"))
        {
            throw ApiException.BadRequest("The flavor action must be exactly one of addTenantAccess, removeTenantAccess.");
        }
        var (action, _) = body.First();
        var add = action == "addTenantAccess";
        ResourcePolicy.RequireAdmin(http, add ? "os_compute_api:os-flavor-access:add_tenant_access" : "os_compute_api:os-flavor-access:remove_tenant_access");
        var request = ValidationErrors.RequireObject(body, action);
        ValidationErrors.RejectUnknown(request, action, "tenant");
        if (!request.ContainsKey("tenant"))
        {
            throw ValidationErrors.Required("tenant");
        }
        var tenant = ValidationErrors.String("tenant", request["tenant"]);
        if (tenant.Length is 0 or > 255)
        {
            throw ValidationErrors.Invalid("tenant", request["tenant"], "must be 1 to 255 characters");
        }
        var flavor = await stores.Flavors.GetAsync(flavorId, ct);
        if (add)
        {
            if (flavor.IsPublic)
            {
                throw ApiException.Conflict("Can not add access to a public flavor.");
            }
            await stores.FlavorAccess.AddAsync(flavorId, tenant, ct);
        }
        else
        {
            await stores.FlavorAccess.RemoveAsync(flavorId, tenant, ct);
        }
        return await ListAsync(stores, flavorId, ct);
    }

    private static async Task<IResult> ListAsync(KumoStores stores, string flavorId, CancellationToken ct)
    {
        var projects = await stores.FlavorAccess.ListProjectsAsync(flavorId, ct);
        return Results.Json(new JsonObject
        {
            ["flavor_access"] = new JsonArray(projects.Select(p => (JsonNode)new JsonObject { ["flavor_id"] = flavorId, ["tenant_id"] = p }).ToArray()),
        });
    }
}
