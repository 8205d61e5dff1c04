using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;
using Kumo.Objects.Services;

namespace Kumo.Api.Compute.Services;

/// <summary>
/// Nova's os-services before 2.53 (admin only): list with binary and host filters; enable, disable
/// and disable-log-reason by host and binary; force-down from 2.11; delete by id (a compute service
/// still hosting instances is a 409). State comes from the heartbeats in the services table.
/// </summary>
public static class ServicesApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/os-services", async (HttpContext http, KumoStores stores, ServiceGroupOptions serviceGroup, TimeProvider time, CancellationToken ct) =>
        {
            ResourcePolicy.RequireAdmin(http, "os_compute_api:os-services:list");
            var host = http.Request.Query["host"].FirstOrDefault();
            var all = await stores.Services.ListAsync(http.Request.Query["binary"].FirstOrDefault(), ct);
            var now = time.GetUtcNow();
            var version = http.Microversion();
            return Results.Json(new JsonObject
            {
                ["services"] = new JsonArray(all.Where(s => host is null || s.Host == host)
                    .Select(s => (JsonNode)View(s, s.IsUp(now, serviceGroup.ServiceDownTime), version)).ToArray()),
            });
        });
        v21.MapPut("/os-services/{action}", UpdateAsync);
        v21.MapDelete("/os-services/{id}", DeleteAsync);
    }

    private static JsonObject View(ServiceRecord s, bool up, Microversion version)
    {
        var view = new JsonObject
        {
            ["id"] = s.Id,
            ["binary"] = s.Binary,
            ["host"] = s.Host,
            // Nova shows the internal zone for every service but nova-compute.
            ["zone"] = s.Binary == ServiceBinaries.Compute ? s.AvailabilityZone : "internal",
            ["status"] = s.Disabled ? "disabled" : "enabled",
            ["state"] = up ? "up" : "down",
            ["updated_at"] = s.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            ["disabled_reason"] = s.DisabledReason,
        };
        if (version.AtLeast("2.11"))
        {
            view["forced_down"] = s.ForcedDown;
        }
        return view;
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, string action, KumoStores stores, CancellationToken ct)
    {
        var version = http.Microversion();
        string[] members = action switch
        {
            "enable" or "disable" => ["host", "binary"],
            "disable-log-reason" => ["host", "binary", "disabled_reason"],
            "force-down" when version.AtLeast("2.11") => ["host", "binary", "forced_down"],
            _ => throw ApiException.NotFound($"Unknown action {action}"),
        };
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-services:update");
        var body = await JsonBody.ReadObjectAsync(http.Request, ct);
        ValidationErrors.RejectUnknown(body, "", members);
        foreach (var member in members)
        {
            if (!body.ContainsKey(member))
            {
                throw ValidationErrors.Required(member);
            }
        }
        var host = ValidationErrors.String("host", body["host"]);
        var binary = ValidationErrors.String("binary", body["binary"]);
        var service = await stores.Services.TryGetAsync(host, binary, ct)
            ?? throw ApiException.NotFound($"Could not find binary {binary} on host {host}.");
        var result = new JsonObject { ["host"] = host, ["binary"] = binary };
        switch (action)
        {
            case "force-down":
                var forcedDown = ValidationErrors.Boolean("forced_down", body["forced_down"]);
                await stores.Services.SetForcedDownAsync(service.Id, forcedDown, ct);
                result["forced_down"] = forcedDown;
                break;
            case "disable-log-reason":
                var reason = ValidationErrors.String("disabled_reason", body["disabled_reason"]);
                if (reason.Length is 0 or > 255)
                {
                    throw ValidationErrors.Invalid("disabled_reason", body["disabled_reason"], "must be 1 to 255 characters");
                }
                await stores.Services.SetDisabledAsync(service.Id, true, reason, ct);
                result["status"] = "disabled";
                result["disabled_reason"] = reason;
                break;
            default:
                var disable = action == "disable";
                await stores.Services.SetDisabledAsync(service.Id, disable, null, ct);
                result["status"] = disable ? "disabled" : "enabled";
                break;
        }
        return Results.Json(new JsonObject { ["service"] = result });
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, KumoStores stores, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, "os_compute_api:os-services:delete");
        var service = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? await stores.Services.TryGetAsync(number, ct)
            : null;
        if (service is null)
        {
            throw ApiException.NotFound($"Service {id} could not be found.");
        }
        if (service.Binary == ServiceBinaries.Compute && (await stores.Instances.ListAsync(service.Host, ct)).Count > 0)
        {
            throw ApiException.Conflict("Unable to delete compute service that is hosting instances. Migrate or delete the instances first.");
        }
        await stores.Services.DeleteAsync(service.Id, ct);
        return Results.NoContent();
    }
}
