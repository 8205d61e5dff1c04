using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>/v3/roles (list by name or domain_id, CRUD) and implied roles (/v3/roles/{prior}/implies, /v3/role_inferences).</summary>
public static class RolesApi
{
    public static void Map(RouteGroupBuilder v3)
    {
        v3.MapGet("/roles", ListAsync);
        v3.MapPost("/roles", CreateAsync);
        v3.MapGet("/roles/{id}", ShowAsync);
        v3.MapPatch("/roles/{id}", UpdateAsync);
        v3.MapDelete("/roles/{id}", DeleteAsync);
        v3.MapGet("/roles/{prior}/implies", ListImpliedAsync);
        v3.MapPut("/roles/{prior}/implies/{implied}", AddImpliedAsync);
        v3.MapGet("/roles/{prior}/implies/{implied}", (HttpContext http, string prior, string implied, RoleAdmin roles, IdentityViews views) =>
            ShowImpliedAsync(http, prior, implied, roles, views, head: false));
        v3.MapMethods("/roles/{prior}/implies/{implied}", [HttpMethods.Head], (HttpContext http, string prior, string implied, RoleAdmin roles, IdentityViews views) =>
            ShowImpliedAsync(http, prior, implied, roles, views, head: true));
        v3.MapDelete("/roles/{prior}/implies/{implied}", RemoveImpliedAsync);
        v3.MapGet("/role_inferences", ListInferencesAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_roles");
        var roles = await stores.Roles.ListAsync(new IdentityFilter(IdentityBody.Query(http.Request, "name"), IdentityBody.Query(http.Request, "domain_id")),
            http.RequestAborted);
        return Results.Json(views.List("roles", roles.Select(r => (JsonNode)views.Role(r)), http.Request));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RoleAdmin roles, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "create_role");
        var body = await IdentityBody.ReadAsync(http.Request, "role");
        var role = new Role(IdentityAdmin.NewId(), IdentityBody.String(body, "name", required: true)!, IdentityBody.String(body, "domain_id"),
            IdentityBody.String(body, "description") ?? "");
        await roles.CreateRoleAsync(role, http.RequestAborted);
        return Results.Json(new JsonObject { ["role"] = views.Role(role) }, statusCode: 201);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string id, RoleAdmin roles, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "get_role");
        return Results.Json(new JsonObject { ["role"] = views.Role(await roles.GetRoleAsync(id, http.RequestAborted)) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, RoleAdmin roles, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "update_role");
        var body = await IdentityBody.ReadAsync(http.Request, "role");
        var role = await roles.GetRoleAsync(id, http.RequestAborted);
        role = role with
        {
            Name = IdentityBody.String(body, "name") ?? role.Name,
            Description = IdentityBody.Has(body, "description") ? IdentityBody.String(body, "description") ?? "" : role.Description,
        };
        await roles.UpdateRoleAsync(role, http.RequestAborted);
        return Results.Json(new JsonObject { ["role"] = views.Role(role) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, RoleAdmin roles)
    {
        IdentityPolicy.Admin(http, "delete_role");
        await roles.DeleteRoleAsync(id, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> ListImpliedAsync(HttpContext http, string prior, RoleAdmin roles, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_implied_roles");
        var priorRole = await roles.GetRoleAsync(prior, http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["role_inference"] = await InferenceAsync(priorRole, stores, views, http.RequestAborted),
            ["links"] = views.Links($"/roles/{prior}/implies"),
        });
    }

    private static async Task<IResult> AddImpliedAsync(HttpContext http, string prior, string implied, RoleAdmin roles, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "create_implied_role");
        var (priorRole, impliedRole) = await roles.AddImpliedAsync(prior, implied, http.RequestAborted);
        return Results.Json(Pair(priorRole, impliedRole, views), statusCode: 201);
    }

    private static async Task<IResult> ShowImpliedAsync(HttpContext http, string prior, string implied, RoleAdmin roles, IdentityViews views, bool head)
    {
        IdentityPolicy.Admin(http, "get_implied_role");
        var priorRole = await roles.GetRoleAsync(prior, http.RequestAborted);
        var impliedRole = await roles.GetRoleAsync(implied, http.RequestAborted);
        var all = await roles.ListImpliedAsync(http.RequestAborted);
        if (!all.Contains(new ImpliedRole(prior, implied)))
        {
            throw new IdentityNotFoundException("implied role", $"{prior} implies {implied}");
        }
        return head ? Results.NoContent() : Results.Json(Pair(priorRole, impliedRole, views));
    }

    private static async Task<IResult> RemoveImpliedAsync(HttpContext http, string prior, string implied, RoleAdmin roles)
    {
        IdentityPolicy.Admin(http, "delete_implied_role");
        await roles.RemoveImpliedAsync(prior, implied, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> ListInferencesAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_role_inference_rules");
        var implied = await stores.Roles.ListImpliedAsync(http.RequestAborted);
        var inferences = new List<JsonNode>();
        foreach (var priorId in implied.Select(i => i.PriorRoleId).Distinct())
        {
            if (await stores.Roles.FindAsync(priorId, http.RequestAborted) is { } prior)
            {
                inferences.Add(await InferenceAsync(prior, stores, views, http.RequestAborted));
            }
        }
        return Results.Json(new JsonObject { ["role_inferences"] = new JsonArray(inferences.ToArray()), ["links"] = views.Links("/role_inferences") });
    }

    private static async Task<JsonObject> InferenceAsync(Role prior, IdentityStores stores, IdentityViews views, CancellationToken cancellationToken)
    {
        var implies = new JsonArray();
        foreach (var link in (await stores.Roles.ListImpliedAsync(cancellationToken)).Where(i => i.PriorRoleId == prior.Id))
        {
            if (await stores.Roles.FindAsync(link.ImpliedRoleId, cancellationToken) is { } implied)
            {
                implies.Add(views.RoleRef(implied));
            }
        }
        return new JsonObject { ["prior_role"] = views.RoleRef(prior), ["implies"] = implies };
    }

    private static JsonObject Pair(Role prior, Role implied, IdentityViews views) => new()
    {
        ["role_inference"] = new JsonObject { ["prior_role"] = views.RoleRef(prior), ["implies"] = views.RoleRef(implied) },
        ["links"] = views.Links($"/roles/{prior.Id}/implies/{implied.Id}"),
    };
}
