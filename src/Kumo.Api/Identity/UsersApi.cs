using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>/v3/users: the admin's CRUD; a user reads himself, changes his own password and lists his own projects.</summary>
public static class UsersApi
{
    public static void Map(RouteGroupBuilder v3)
    {
        v3.MapGet("/users", ListAsync);
        v3.MapPost("/users", CreateAsync);
        v3.MapGet("/users/{id}", ShowAsync);
        v3.MapPatch("/users/{id}", UpdateAsync);
        v3.MapDelete("/users/{id}", DeleteAsync);
        v3.MapPost("/users/{id}/password", ChangePasswordAsync);
        v3.MapGet("/users/{id}/projects", ProjectsAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_users");
        var filter = new IdentityFilter(IdentityBody.Query(http.Request, "name"), IdentityBody.Query(http.Request, "domain_id"),
            IdentityBody.QueryBool(http.Request, "enabled"));
        var users = await stores.Users.ListAsync(filter, http.RequestAborted);
        return Results.Json(views.List("users", users.Select(u => (JsonNode)views.User(u)), http.Request));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "create_user");
        var body = await IdentityBody.ReadAsync(http.Request, "user");
        var caller = IdentityPolicy.Caller(http);
        var user = new User(IdentityAdmin.NewId(), IdentityBody.String(body, "name", required: true)!,
            IdentityBody.String(body, "domain_id") ?? caller.ProjectDomainId ?? caller.UserDomainId, IdentityBody.Bool(body, "enabled") ?? true,
            IdentityBody.String(body, "default_project_id"), IdentityBody.String(body, "description"), IdentityBody.String(body, "email"), null);
        user = await admin.CreateUserAsync(user, Password(body), http.RequestAborted);
        return Results.Json(new JsonObject { ["user"] = views.User(user) }, statusCode: 201);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string id, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.AdminOrUser(http, "get_user", id);
        return Results.Json(new JsonObject { ["user"] = views.User(await admin.GetUserAsync(id, http.RequestAborted)) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "update_user");
        var body = await IdentityBody.ReadAsync(http.Request, "user");
        var user = await admin.GetUserAsync(id, http.RequestAborted);
        if (IdentityBody.String(body, "domain_id") is { } domainId && domainId != user.DomainId)
        {
            throw new IdentityValidationException("Update of `domain_id` is not allowed.");
        }
        user = user with
        {
            Name = IdentityBody.String(body, "name") ?? user.Name,
            Enabled = IdentityBody.Bool(body, "enabled") ?? user.Enabled,
            DefaultProjectId = IdentityBody.Has(body, "default_project_id") ? IdentityBody.String(body, "default_project_id") : user.DefaultProjectId,
            Description = IdentityBody.Has(body, "description") ? IdentityBody.String(body, "description") : user.Description,
            Email = IdentityBody.Has(body, "email") ? IdentityBody.String(body, "email") : user.Email,
        };
        user = await admin.UpdateUserAsync(user, Password(body), http.RequestAborted);
        return Results.Json(new JsonObject { ["user"] = views.User(user) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IdentityAdmin admin)
    {
        IdentityPolicy.Admin(http, "delete_user");
        await admin.DeleteUserAsync(id, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, string id, IdentityAdmin admin)
    {
        IdentityPolicy.AdminOrUser(http, "change_password", id);
        var body = await IdentityBody.ReadAsync(http.Request, "user");
        var original = IdentityBody.String(body, "original_password", required: true, maxLength: 4096)!;
        var password = IdentityBody.String(body, "password", required: true, maxLength: 4096)!;
        await admin.ChangePasswordAsync(id, original, password, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> ProjectsAsync(HttpContext http, string id, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.AdminOrUser(http, "list_user_projects", id);
        await admin.GetUserAsync(id, http.RequestAborted);
        var stores = admin.Stores;
        var ids = (await stores.Assignments.ListAsync(new AssignmentFilter(UserId: id), http.RequestAborted))
            .Where(a => a.ProjectId is not null).Select(a => a.ProjectId!).Distinct();
        var projects = new List<JsonNode>();
        foreach (var projectId in ids)
        {
            if (await stores.Projects.FindAsync(projectId, http.RequestAborted) is { } project)
            {
                projects.Add(views.Project(project));
            }
        }
        return Results.Json(views.List("projects", projects, http.Request));
    }

    // A null password (JSON null) means "no password", as Keystone allows; the value is never echoed in errors.
    private static string? Password(JsonObject body) =>
        body["password"] is null ? null
        : body["password"]!.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["password"]!.GetValue<string>()
        : throw Kumo.Api.Infrastructure.ApiException.BadRequest("Invalid input for field 'password': the value is not of type 'string'.");
}
