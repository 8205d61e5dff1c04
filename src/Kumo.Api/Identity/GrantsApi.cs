using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>
/// Role grants: PUT/HEAD/GET/DELETE /v3/{projects|domains}/{target}/users/{user}/roles/{role}, and the
/// direct roles of a user on a target (GET .../users/{user}/roles).
/// </summary>
public static class GrantsApi
{
    public static void Map(RouteGroupBuilder v3)
    {
        foreach (var (segment, isProject) in new[] { ("projects", true), ("domains", false) })
        {
            var route = $"/{segment}/{{target}}/users/{{user}}/roles";
            v3.MapGet(route, (HttpContext http, string target, string user, RoleAdmin roles, IdentityStores stores, IdentityViews views) =>
                ListAsync(http, Assignment(isProject, target, user, ""), stores, views));
            v3.MapPut(route + "/{role}", async (HttpContext http, string target, string user, string role, RoleAdmin roles) =>
            {
                IdentityPolicy.Admin(http, "create_grant");
                await roles.GrantAsync(Assignment(isProject, target, user, role), http.RequestAborted);
                return Results.NoContent();
            });
            v3.MapMethods(route + "/{role}", [HttpMethods.Head, HttpMethods.Get], async (HttpContext http, string target, string user, string role, RoleAdmin roles) =>
            {
                IdentityPolicy.Admin(http, "check_grant");
                var assignment = Assignment(isProject, target, user, role);
                return await roles.IsGrantedAsync(assignment, http.RequestAborted) ? Results.NoContent() : throw NotFound(assignment);
            });
            v3.MapDelete(route + "/{role}", async (HttpContext http, string target, string user, string role, RoleAdmin roles) =>
            {
                IdentityPolicy.Admin(http, "revoke_grant");
                await roles.RevokeGrantAsync(Assignment(isProject, target, user, role), http.RequestAborted);
                return Results.NoContent();
            });
        }
    }

    private static async Task<IResult> ListAsync(HttpContext http, RoleAssignment of, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_grants");
        _ = await stores.Users.FindAsync(of.UserId, http.RequestAborted) ?? throw new IdentityNotFoundException("user", of.UserId);
        if (of.ProjectId is { } projectId && await stores.Projects.FindAsync(projectId, http.RequestAborted) is null)
        {
            throw new IdentityNotFoundException("project", projectId);
        }
        if (of.DomainId is { } domainId && await stores.Domains.FindAsync(domainId, http.RequestAborted) is null)
        {
            throw new IdentityNotFoundException("domain", domainId);
        }
        var assignments = await stores.Assignments.ListAsync(new AssignmentFilter(of.UserId, of.ProjectId, of.DomainId), http.RequestAborted);
        var roles = new List<JsonNode>();
        foreach (var a in assignments)
        {
            if (await stores.Roles.FindAsync(a.RoleId, http.RequestAborted) is { } role)
            {
                roles.Add(views.Role(role));
            }
        }
        return Results.Json(views.List("roles", roles, http.Request));
    }

    private static RoleAssignment Assignment(bool isProject, string target, string user, string role) =>
        new(user, role, isProject ? target : null, isProject ? null : target);

    private static IdentityNotFoundException NotFound(RoleAssignment a) =>
        new("role assignment", $"role {a.RoleId}, user {a.UserId}, {(a.ProjectId is null ? "domain " + a.DomainId : "project " + a.ProjectId)}");
}
