using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;
using Kumo.Objects.Quotas;

namespace Kumo.Api.Compute.Quotas;

/// <summary>
/// GET /limits: the caller's project's absolute limits and usage as Nova's limits view names them per
/// microversion (tempest's limits schemas 2.1, 2.36, 2.39, 2.57); no rate limits. An admin may ask for
/// another project with tenant_id.
/// </summary>
public static class LimitsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/limits", async (HttpContext http, KumoStores stores, CancellationToken ct) =>
        {
            var context = http.KumoContext();
            var projectId = http.Request.Query["tenant_id"].FirstOrDefault() is { Length: > 0 } tenant && context.IsAdmin ? tenant : context.ProjectId;
            var limits = await stores.Quotas.GetProjectLimitsAsync(projectId, ct);
            var usage = await stores.Quotas.GetUsageAsync(projectId, ct);
            return Results.Json(new JsonObject
            {
                ["limits"] = new JsonObject { ["rate"] = new JsonArray(), ["absolute"] = Absolute(limits, usage, http.Microversion()) },
            });
        });
    }

    private static JsonObject Absolute(IReadOnlyDictionary<string, int> limits, Db.Stores.QuotaUsage usage, Microversion version)
    {
        var absolute = new JsonObject
        {
            ["maxServerMeta"] = limits[QuotaResources.MetadataItems],
            ["maxTotalInstances"] = limits[QuotaResources.Instances],
            ["maxTotalCores"] = limits[QuotaResources.Cores],
            ["maxTotalRAMSize"] = limits[QuotaResources.Ram],
            ["maxTotalKeypairs"] = limits[QuotaResources.KeyPairs],
            ["maxServerGroups"] = limits["server_groups"],
            ["maxServerGroupMembers"] = limits["server_group_members"],
            ["totalInstancesUsed"] = usage.Instances,
            ["totalCoresUsed"] = usage.Cores,
            ["totalRAMUsed"] = usage.Ram,
            ["totalServerGroupsUsed"] = 0,
        };
        if (!version.AtLeast("2.36"))
        {
            absolute["maxTotalFloatingIps"] = limits["floating_ips"];
            absolute["maxSecurityGroups"] = limits["security_groups"];
            absolute["maxSecurityGroupRules"] = limits["security_group_rules"];
            absolute["totalFloatingIpsUsed"] = 0;
            absolute["totalSecurityGroupsUsed"] = 0;
        }
        if (!version.AtLeast("2.39"))
        {
            // Image metadata lives in Glance; Nova showed its own metadata_items limit for it.
            absolute["maxImageMeta"] = limits[QuotaResources.MetadataItems];
        }
        if (!version.AtLeast("2.57"))
        {
            absolute["maxPersonality"] = limits["injected_files"];
            absolute["maxPersonalitySize"] = limits["injected_file_content_bytes"];
        }
        return absolute;
    }
}
