using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>/v3/groups: CRUD and membership (PUT/HEAD/DELETE /groups/{g}/users/{u}, GET /groups/{g}/users, GET /users/{u}/groups).</summary>
public static class GroupsApi
{
    public static void Map(RouteGroupBuilder v3)
    {
        v3.MapGet("/groups", ListAsync);
        v3.MapPost("/groups", CreateAsync);
        v3.MapGet("/groups/{id}", async (HttpContext http, string id, IdentityStores stores, IdentityViews views) =>
        {
            IdentityPolicy.Admin(http, "get_group");
            return Results.Json(new JsonObject { ["group"] = Group(await GetAsync(stores, id, http.RequestAborted), views) });
        });
        v3.MapPatch("/groups/{id}", UpdateAsync);
        v3.MapDelete("/groups/{id}", async (HttpContext http, string id, IdentityStores stores) =>
        {
            IdentityPolicy.Admin(http, "delete_group");
            return await stores.Groups.DeleteAsync(id, http.RequestAborted) ? Results.NoContent() : throw new IdentityNotFoundException("group", id);
        });
        v3.MapGet("/groups/{id}/users", MembersAsync);
        v3.MapPut("/groups/{id}/users/{user}", async (HttpContext http, string id, string user, IdentityStores stores) =>
        {
            IdentityPolicy.Admin(http, "add_user_to_group");
            await CheckAsync(stores, id, user, http.RequestAborted);
            await stores.Groups.AddMemberAsync(id, user, http.RequestAborted);
            return Results.NoContent();
        });
        v3.MapMethods("/groups/{id}/users/{user}", [HttpMethods.Head, HttpMethods.Get], async (HttpContext http, string id, string user, IdentityStores stores) =>
        {
            IdentityPolicy.Admin(http, "check_user_in_group");
            await CheckAsync(stores, id, user, http.RequestAborted);
            return (await stores.Groups.ListMembersAsync(id, http.RequestAborted)).Contains(user) ? Results.NoContent() : throw NotMember(id, user);
        });
        v3.MapDelete("/groups/{id}/users/{user}", async (HttpContext http, string id, string user, IdentityStores stores) =>
        {
            IdentityPolicy.Admin(http, "remove_user_from_group");
            await CheckAsync(stores, id, user, http.RequestAborted);
            return await stores.Groups.RemoveMemberAsync(id, user, http.RequestAborted) ? Results.NoContent() : throw NotMember(id, user);
        });
        v3.MapGet("/users/{user}/groups", async (HttpContext http, string user, IdentityStores stores, IdentityViews views) =>
        {
            IdentityPolicy.AdminOrUser(http, "list_groups_for_user", user);
            _ = await stores.Users.FindAsync(user, http.RequestAborted) ?? throw new IdentityNotFoundException("user", user);
            var groups = await stores.Groups.ListOfUserAsync(user, http.RequestAborted);
            return Results.Json(views.List("groups", groups.Select(g => (JsonNode)Group(g, views)), http.Request));
        });
    }

    private static async Task<IResult> ListAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_groups");
        var groups = await stores.Groups.ListAsync(new IdentityFilter(IdentityBody.Query(http.Request, "name"), IdentityBody.Query(http.Request, "domain_id")),
            http.RequestAborted);
        return Results.Json(views.List("groups", groups.Select(g => (JsonNode)Group(g, views)), http.Request));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "create_group");
        var body = await IdentityBody.ReadAsync(http.Request, "group");
        var caller = IdentityPolicy.Caller(http);
        var group = new Group(IdentityAdmin.NewId(), IdentityBody.String(body, "name", required: true, maxLength: 64)!,
            IdentityBody.String(body, "domain_id") ?? caller.ProjectDomainId ?? caller.UserDomainId, IdentityBody.String(body, "description") ?? "");
        await admin.GetDomainAsync(group.DomainId, http.RequestAborted);
        await admin.Stores.Groups.CreateAsync(group, http.RequestAborted);
        return Results.Json(new JsonObject { ["group"] = Group(group, views) }, statusCode: 201);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "update_group");
        var body = await IdentityBody.ReadAsync(http.Request, "group");
        var group = await GetAsync(stores, id, http.RequestAborted);
        group = group with
        {
            Name = IdentityBody.String(body, "name", maxLength: 64) ?? group.Name,
            Description = IdentityBody.Has(body, "description") ? IdentityBody.String(body, "description") ?? "" : group.Description,
        };
        await stores.Groups.UpdateAsync(group, http.RequestAborted);
        return Results.Json(new JsonObject { ["group"] = Group(group, views) });
    }

    private static async Task<IResult> MembersAsync(HttpContext http, string id, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_users_in_group");
        await GetAsync(stores, id, http.RequestAborted);
        var users = new List<JsonNode>();
        foreach (var userId in await stores.Groups.ListMembersAsync(id, http.RequestAborted))
        {
            if (await stores.Users.FindAsync(userId, http.RequestAborted) is { } user)
            {
                users.Add(views.User(user));
            }
        }
        return Results.Json(views.List("users", users, http.Request));
    }

    private static async Task<Group> GetAsync(IdentityStores stores, string id, CancellationToken cancellationToken) =>
        await stores.Groups.FindAsync(id, cancellationToken) ?? throw new IdentityNotFoundException("group", id);

    private static async Task CheckAsync(IdentityStores stores, string groupId, string userId, CancellationToken cancellationToken)
    {
        await GetAsync(stores, groupId, cancellationToken);
        _ = await stores.Users.FindAsync(userId, cancellationToken) ?? throw new IdentityNotFoundException("user", userId);
    }

    private static IdentityNotFoundException NotMember(string groupId, string userId) => new("user in group", $"user {userId} is not a member of group {groupId}");

    private static JsonObject Group(Group g, IdentityViews views) => new()
    {
        ["id"] = g.Id,
        ["name"] = g.Name,
        ["domain_id"] = g.DomainId,
        ["description"] = g.Description,
        ["links"] = views.Links("/groups/" + g.Id),
    };
}
