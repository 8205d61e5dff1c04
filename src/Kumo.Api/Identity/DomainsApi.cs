using System.Text.Json.Nodes;
using Kumo.Db.Stores.Identity;
using Kumo.Identity.Admin;
using Kumo.Objects.Identity;

namespace Kumo.Api.Identity;

/// <summary>/v3/domains: list (name, enabled), create, show, update, delete (a disabled domain only, as Keystone).</summary>
public static class DomainsApi
{
    public static void Map(RouteGroupBuilder v3)
    {
        v3.MapGet("/domains", ListAsync);
        v3.MapPost("/domains", CreateAsync);
        v3.MapGet("/domains/{id}", ShowAsync);
        v3.MapPatch("/domains/{id}", UpdateAsync);
        v3.MapDelete("/domains/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IdentityStores stores, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "list_domains");
        var filter = new IdentityFilter(IdentityBody.Query(http.Request, "name"), null, IdentityBody.QueryBool(http.Request, "enabled"));
        var domains = await stores.Domains.ListAsync(filter, http.RequestAborted);
        return Results.Json(views.List("domains", domains.Select(d => (JsonNode)views.Domain(d)), http.Request));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "create_domain");
        var body = await IdentityBody.ReadAsync(http.Request, "domain");
        var domain = new Domain(IdentityBody.String(body, "id") ?? IdentityAdmin.NewId(), IdentityBody.String(body, "name", required: true, maxLength: 64)!,
            IdentityBody.String(body, "description") ?? "", IdentityBody.Bool(body, "enabled") ?? true);
        await admin.CreateDomainAsync(domain, http.RequestAborted);
        return Results.Json(new JsonObject { ["domain"] = views.Domain(domain) }, statusCode: 201);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string id, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.AdminOrDomain(http, "get_domain", id);
        return Results.Json(new JsonObject { ["domain"] = views.Domain(await admin.GetDomainAsync(id, http.RequestAborted)) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string id, IdentityAdmin admin, IdentityViews views)
    {
        IdentityPolicy.Admin(http, "update_domain");
        var body = await IdentityBody.ReadAsync(http.Request, "domain");
        var domain = await admin.GetDomainAsync(id, http.RequestAborted);
        domain = domain with
        {
            Name = IdentityBody.String(body, "name", maxLength: 64) ?? domain.Name,
            Description = IdentityBody.Has(body, "description") ? IdentityBody.String(body, "description") ?? "" : domain.Description,
            Enabled = IdentityBody.Bool(body, "enabled") ?? domain.Enabled,
        };
        await admin.UpdateDomainAsync(domain, http.RequestAborted);
        return Results.Json(new JsonObject { ["domain"] = views.Domain(domain) });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, IdentityAdmin admin)
    {
        IdentityPolicy.Admin(http, "delete_domain");
        await admin.DeleteDomainAsync(id, http.RequestAborted);
        return Results.NoContent();
    }
}
