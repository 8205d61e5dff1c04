using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;
using Kumo.Objects.Flavors;

namespace Kumo.Api.Compute.Flavors;

/// <summary>Nova's /flavors: list, detail and show for every user; create, update (2.55) and delete for admins.</summary>
public static class FlavorsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/flavors", (HttpContext http, KumoStores stores, ApiOptions options, CancellationToken ct) => ListAsync(http, stores, options, detail: false, ct));
        v21.MapGet("/flavors/detail", (HttpContext http, KumoStores stores, ApiOptions options, CancellationToken ct) => ListAsync(http, stores, options, detail: true, ct));
        v21.MapGet("/flavors/{flavorId}", ShowAsync);
        v21.MapPost("/flavors", CreateAsync);
        v21.MapPut("/flavors/{flavorId}", UpdateAsync);
        v21.MapDelete("/flavors/{flavorId}", DeleteAsync);
        FlavorExtraSpecsApi.Map(v21);
        FlavorAccessApi.Map(v21);
    }

    private static async Task<IResult> ListAsync(HttpContext http, KumoStores stores, ApiOptions options, bool detail, CancellationToken ct)
    {
        var listing = new FlavorListing(stores.Flavors, stores.FlavorAccess, options);
        var view = new FlavorView(options);
        var version = http.Microversion();
        var page = await listing.ListAsync(http.KumoContext(), http.Request.Query, ct);
        var body = new JsonObject
        {
            ["flavors"] = new JsonArray(page.Select(f => (JsonNode)(detail ? view.Detail(f, version) : view.Basic(f, version))).ToArray()),
        };
        if (page.Count > 0 && page.Count == listing.PageLimit(http.Request.Query))
        {
            body["flavors_links"] = view.NextLink(detail ? "flavors/detail" : "flavors", http.Request.Query, page[^1].Id);
        }
        return Results.Json(body);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, string flavorId, KumoStores stores, ApiOptions options, CancellationToken ct)
    {
        var flavor = await new FlavorListing(stores.Flavors, stores.FlavorAccess, options).GetVisibleAsync(http.KumoContext(), flavorId, ct);
        return One(flavor, http, options);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, KumoStores stores, ApiOptions options, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-flavor-manage:create");
        var flavor = FlavorCreateRequest.Parse(await JsonBody.ReadObjectAsync(http.Request, ct), http.Microversion());
        try
        {
            await stores.Flavors.CreateAsync(flavor, ct);
        }
        catch (Kumo.Objects.Errors.InvalidRequestException ex) when (ex.Message.EndsWith("already exists.", StringComparison.Ordinal))
        {
            throw ApiException.Conflict(ex.Message);
        }
        return One(await stores.Flavors.GetAsync(flavor.Id, ct), http, options);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string flavorId, KumoStores stores, ApiOptions options, CancellationToken ct)
    {
        if (!http.Microversion().AtLeast("2.55"))
        {
            throw ApiException.NotFound("The resource could not be found.");
        }
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-flavor-manage:update");
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        ValidationErrors.RejectUnknown(body, "", "flavor");
        var flavor = ValidationErrors.RequireObject(body, "flavor");
        ValidationErrors.RejectUnknown(flavor, "flavor", "description");
        if (!flavor.ContainsKey("description"))
        {
            throw ValidationErrors.Required("description");
        }
        var updated = await stores.Flavors.UpdateDescriptionAsync(flavorId, FlavorCreateRequest.ParseDescription(flavor["description"]), ct);
        return One(updated, http, options);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string flavorId, KumoStores stores, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-flavor-manage:delete");
        await stores.Flavors.DeleteAsync(flavorId, ct);
        await stores.FlavorAccess.RemoveAllAsync(flavorId, ct);
        return Results.StatusCode(202);
    }

    private static IResult One(Flavor flavor, HttpContext http, ApiOptions options) =>
        Results.Json(new JsonObject { ["flavor"] = new FlavorView(options).Detail(flavor, http.Microversion()) });
}
