using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>
/// GET /v3/role_assignments with Keystone's filters (user.id, scope.project.id, scope.domain.id,
/// role.id), <c>effective</c> (implied roles expanded, each linked to the assignment it comes from)
/// and <c>include_names</c>.
/// </summary>
public static class RoleAssignmentsApi
{
    public static void Map(RouteGroupBuilder v3) => v3.MapGet("/role_assignments", ListAsync);

    private static async Task<IResult> ListAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_role_assignments");
        var q = http.Request;
        var roleFilter = IdentityBody.Query(q, "role.id");
        var effective = q.Query.ContainsKey("effective");
        var names = IdentityBody.QueryBool(q, "include_names") == true;
        var direct = await stores.Assignments.ListAsync(new AssignmentFilter(IdentityBody.Query(q, "user.id"), IdentityBody.Query(q, "scope.project.id"),
            IdentityBody.Query(q, "scope.domain.id"), effective ? null : roleFilter), http.RequestAborted);
        var implied = effective ? await stores.Roles.ListImpliedAsync(http.RequestAborted) : [];
        var items = new List<JsonNode>();
        var seen = new HashSet<(string, string?, string?, string)>();
        foreach (var a in direct)
        {
            var link = AssignmentLink(views, a);
            foreach (var roleId in effective ? Kumo.Identity.Admin.EffectiveRoles.Expand([a.RoleId], implied) : [a.RoleId])
            {
                if (roleFilter is not null && roleId != roleFilter || !seen.Add((a.UserId, a.ProjectId, a.DomainId, roleId)))
                {
                    continue;
                }
                var links = new JsonObject { ["assignment"] = link };
                if (roleId != a.RoleId)
                {
                    links["prior_role"] = views.V3Url + "/roles/" + a.RoleId;
                }
                items.Add(await EntryAsync(a with { RoleId = roleId }, links, names, stores, http.RequestAborted));
            }
        }
        return Results.Json(views.List("role_assignments", items, http.Request));
    }

    private static async Task<JsonObject> EntryAsync(RoleAssignment a, JsonObject links, bool names, IdentityStores stores, CancellationToken cancellationToken)
    {
        var role = new JsonObject { ["id"] = a.RoleId };
        var user = new JsonObject { ["id"] = a.UserId };
        var target = new JsonObject { ["id"] = a.ProjectId ?? a.DomainId };
        if (names)
        {
            role["name"] = (await stores.Roles.FindAsync(a.RoleId, cancellationToken))?.Name;
            if (await stores.Users.FindAsync(a.UserId, cancellationToken) is { } u)
            {
                user["name"] = u.Name;
                user["domain"] = await DomainRefAsync(u.DomainId, stores, cancellationToken);
            }
            if (a.ProjectId is not null && await stores.Projects.FindAsync(a.ProjectId, cancellationToken) is { } p)
            {
                target["name"] = p.Name;
                target["domain"] = await DomainRefAsync(p.DomainId, stores, cancellationToken);
            }
            else if (a.DomainId is not null)
            {
                target["name"] = (await stores.Domains.FindAsync(a.DomainId, cancellationToken))?.Name;
            }
        }
        return new JsonObject
        {
            ["role"] = role,
            ["user"] = user,
            ["scope"] = new JsonObject { [a.ProjectId is null ? "domain" : "project"] = target },
            ["links"] = links,
        };
    }

    private static async Task<JsonObject> DomainRefAsync(string id, IdentityStores stores, CancellationToken cancellationToken) =>
        new() { ["id"] = id, ["name"] = (await stores.Domains.FindAsync(id, cancellationToken))?.Name };

    private static string AssignmentLink(IdentityViews views, RoleAssignment a) =>
        views.V3Url + (a.ProjectId is null ? $"/domains/{a.DomainId}" : $"/projects/{a.ProjectId}") + $"/users/{a.UserId}/roles/{a.RoleId}";
}
