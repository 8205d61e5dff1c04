using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>/v3/projects: list (name, domain_id, enabled), create, show, update, delete.</summary>
public static class ProjectsApi
{
    private static readonly HashSet<string> Known = ["id", "name", "domain_id", "enabled", "description", "parent_id", "is_domain", "options", "links"];

    public static void Map(RouteGroupBuilder v3)
    {
        v3.MapGet("/projects", ListAsync);
        v3.MapPost("/projects", CreateAsync);
        v3.MapGet("/projects/{id}", ShowAsync);
        v3.MapPatch("/projects/{id}", UpdateAsync);
        v3.MapDelete("/projects/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_projects");
        var filter = new IdentityFilter(IdentityBody.Query(http.Request, "name"), IdentityBody.Query(http.Request, "domain_id"),
            IdentityBody.QueryBool(http.Request, "enabled"), IdentityBody.Query(http.Request, "parent_id"));
        var projects = await stores.Projects.ListAsync(filter, http.RequestAborted);
        return Results.Json(views.List("projects", projects.Select(p => (JsonNode)views.Project(p)), http.Request));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "create_project");
        var body = await IdentityBody.ReadAsync(http.Request, "project");
        CheckTags(body);
        if (IdentityBody.Bool(body, "is_domain") == true)
        {
            throw new IdentityValidationException("Kumo does not support projects acting as domains (is_domain); create a domain instead.");
        }
        var caller = IdentityPolicy.Caller(http);
        var project = new Project(IdentityAdmin.NewId(), IdentityBody.String(body, "name", required: true, maxLength: 64)!,
            IdentityBody.String(body, "domain_id") ?? caller.ProjectDomainId ?? caller.UserDomainId, IdentityBody.String(body, "description") ?? "",
            IdentityBody.Bool(body, "enabled") ?? true, IdentityBody.String(body, "parent_id")) { ExtraJson = IdentityBody.Extras(body, Known) };
        project = await admin.CreateProjectAsync(project, http.RequestAborted);
        return Results.Json(new JsonObject { ["project"] = views.Project(project) }, statusCode: 201);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string id, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.AdminOrProject(http, "get_project", id);
        return Results.Json(new JsonObject { ["project"] = views.Project(await admin.GetProjectAsync(id, http.RequestAborted)) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "update_project");
        var body = await IdentityBody.ReadAsync(http.Request, "project");
        CheckTags(body);
        var project = await admin.GetProjectAsync(id, http.RequestAborted);
        if (IdentityBody.String(body, "domain_id") is { } domainId && domainId != project.DomainId)
        {
            throw new IdentityValidationException("Update of `domain_id` is not allowed.");
        }
        project = project with
        {
            Name = IdentityBody.String(body, "name", maxLength: 64) ?? project.Name,
            Description = IdentityBody.Has(body, "description") ? IdentityBody.String(body, "description") ?? "" : project.Description,
            Enabled = IdentityBody.Bool(body, "enabled") ?? project.Enabled,
            ExtraJson = IdentityBody.Extras(body, Known, project.ExtraJson),
        };
        await admin.UpdateProjectAsync(project, http.RequestAborted);
        return Results.Json(new JsonObject { ["project"] = views.Project(project) });
    }

    /// <summary>Tags are kept with the project's other stored attributes; Keystone allows at most 80, of 1 to 255 characters.</summary>
    private static void CheckTags(JsonObject body)
    {
        if (body["tags"] is not { } tags)
        {
            return;
        }
        if (tags is not JsonArray list || list.Count > 80
            || list.Any(t => t is not JsonValue v || !v.TryGetValue<string>(out var tag) || tag.Length is 0 or > 255 || tag.Contains('/') || tag.Contains(',')))
        {
            throw new IdentityValidationException("Invalid input for field 'tags': a list of at most 80 tags of 1 to 255 characters without '/' or ','.");
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IdentityAdmin admin)
    {
        IdentityPolicy.Admin(http, "delete_project");
        await admin.DeleteProjectAsync(id, http.RequestAborted);
        return Results.NoContent();
    }
}
