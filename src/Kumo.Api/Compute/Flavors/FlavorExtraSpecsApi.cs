using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kumo.Api.Infrastructure;
using Kumo.Db;

namespace Kumo.Api.Compute.Flavors;

/// <summary>
/// /flavors/{id}/os-extra_specs: anyone who sees the flavor reads them; admins create, update and
/// delete. Keys and values as nova/api/openstack/compute/schemas/flavors_extraspecs.py allows.
/// </summary>
public static partial class FlavorExtraSpecsApi
{
    [GeneratedRegex(@"^[a-zA-Z0-9\-_:. ]{1,255}$")]
    private static partial Regex KeyPattern();

    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/flavors/{flavorId}/os-extra_specs", async (HttpContext http, string flavorId, KumoStores stores, ApiOptions options, CancellationToken ct) =>
        {
            var flavor = await new FlavorListing(stores.Flavors, stores.FlavorAccess, options).GetVisibleAsync(http.KumoContext(), flavorId, ct);
            return Results.Json(new JsonObject { ["extra_specs"] = FlavorView.ExtraSpecs(flavor.ExtraSpecs) });
        });
        v21.MapGet("/flavors/{flavorId}/os-extra_specs/{key}", async (HttpContext http, string flavorId, string key, KumoStores stores, ApiOptions options, CancellationToken ct) =>
        {
            var flavor = await new FlavorListing(stores.Flavors, stores.FlavorAccess, options).GetVisibleAsync(http.KumoContext(), flavorId, ct);
            return flavor.ExtraSpecs.TryGetValue(key, out var value)
                ? Results.Json(new JsonObject { [key] = value })
                : throw ApiException.NotFound($"Flavor {flavorId} has no extra specs with key {key}.");
        });
        v21.MapPost("/flavors/{flavorId}/os-extra_specs", CreateAsync);
        v21.MapPut("/flavors/{flavorId}/os-extra_specs/{key}", UpdateAsync);
        v21.MapDelete("/flavors/{flavorId}/os-extra_specs/{key}", DeleteAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, string flavorId, KumoStores stores, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-flavor-extra-specs:create");
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        ValidationErrors.RejectUnknown(body, "", "extra_specs");
        var specs = Specs(ValidationErrors.RequireObject(body, "extra_specs"));
        await stores.Flavors.UpdateExtraSpecsAsync(flavorId, current =>
        {
            var merged = new Dictionary<string, string>(current);
            foreach (var (key, value) in specs)
            {
                merged[key] = value;
            }
            return merged;
        }, ct);
        return Results.Json(new JsonObject { ["extra_specs"] = FlavorView.ExtraSpecs(specs) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string flavorId, string key, KumoStores stores, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-flavor-extra-specs:update");
        var specs = Specs(await JsonBody.ReadObjectAsync(http.Request, ct));
        if (specs.Count != 1)
        {
            throw ApiException.BadRequest("Request body contains too many items; exactly one extra spec (its key as in the URI) is expected.");
        }
        if (!specs.TryGetValue(key, out var value))
        {
            throw ApiException.BadRequest("Request body and URI mismatch");
        }
        await stores.Flavors.UpdateExtraSpecsAsync(flavorId, current => new Dictionary<string, string>(current) { [key] = value }, ct);
        return Results.Json(new JsonObject { [key] = value });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string flavorId, string key, KumoStores stores, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-flavor-extra-specs:delete");
        await stores.Flavors.UpdateExtraSpecsAsync(flavorId, current =>
        {
            if (!current.ContainsKey(key))
            {
                throw ApiException.NotFound($"Flavor {flavorId} has no extra specs with key {key}.");
            }
            var remaining = new Dictionary<string, string>(current);
            remaining.Remove(key);
            return remaining;
        }, ct);
        // Nova's unset answers 200 with no body (Tempest's unset_flavor_extra_specs schema).
        return Results.Ok();
    }

    /// <summary>Keys 1-255 of [a-zA-Z0-9-_:. ]; values strings, numbers or booleans of at most 255 characters, stored as text.</summary>
    private static Dictionary<string, string> Specs(JsonObject specs)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in specs)
        {
            if (!KeyPattern().IsMatch(key))
            {
                throw ApiException.BadRequest($"Invalid input for field/attribute extra_specs. Additional properties are not allowed ('{key}' does not match '^[a-zA-Z0-9-_:. ]{{1,255}}$')");
            }
            var value = node switch
            {
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v when v.TryGetValue<bool>(out var b) => b ? "True" : "False",
                JsonValue v when v.TryGetValue<double>(out _) => v.ToJsonString(),
                _ => throw ValidationErrors.Invalid(key, node, $"{node?.ToJsonString() ?? "None"} is not of type 'string', 'number', 'boolean'"),
            };
            if (value.Length > 255)
            {
                throw ValidationErrors.Invalid(key, node, "is longer than 255 characters");
            }
            parsed[key] = value;
        }
        return parsed;
    }
}
