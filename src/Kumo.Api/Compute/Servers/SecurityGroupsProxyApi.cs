using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;
using Kumo.Network.Api;
using Kumo.Objects.Network;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// Nova's security group proxy, read side: /os-security-groups (list, show) through the network
/// service, below microversion 2.36 (from 2.36 the proxy APIs are gone: 404), and a server's own
/// groups (/servers/{id}/os-security-groups, every version). Rules as Nova shows them: ingress only.
/// </summary>
public static class SecurityGroupsProxyApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/os-security-groups", async (HttpContext http, INetworkApi network) =>
        {
            RefuseFrom236(http);
            var groups = await network.ListSecurityGroupsAsync(http.KumoContext(), http.RequestAborted);
            return Results.Json(new JsonObject { ["security_groups"] = new JsonArray([.. groups.Select(g => View(g, groups))]) });
        });
        v21.MapGet("/os-security-groups/{id}", async (HttpContext http, string id, INetworkApi network) =>
        {
            RefuseFrom236(http);
            var groups = await network.ListSecurityGroupsAsync(http.KumoContext(), http.RequestAborted);
            var group = groups.FirstOrDefault(g => g.Id.ToString() == id) ?? throw ApiException.NotFound($"Security group {id} not found.");
            return Results.Json(new JsonObject { ["security_group"] = View(group, groups) });
        });
        v21.MapGet("/servers/{id}/os-security-groups", async (HttpContext http, string id, ComputeApi compute, INetworkApi network) =>
        {
            var context = http.KumoContext();
            var instance = await compute.GetAsync(context, ServersApi.ServerId(id), http.RequestAborted);
            var groups = await network.ListSecurityGroupsAsync(context, http.RequestAborted);
            var mine = groups.Where(g => instance.SecurityGroups.Contains(g.Name) && g.ProjectId == instance.ProjectId);
            return Results.Json(new JsonObject { ["security_groups"] = new JsonArray([.. mine.Select(g => View(g, groups))]) });
        });
    }

    private static void RefuseFrom236(HttpContext http)
    {
        if (http.Microversion().AtLeast("2.36"))
        {
            throw ApiException.NotFound("The resource could not be found.");
        }
    }

    private static JsonNode View(SecurityGroupInfo group, IReadOnlyList<SecurityGroupInfo> all) => new JsonObject
    {
        ["id"] = group.Id.ToString(),
        ["name"] = group.Name,
        ["description"] = group.Description,
        ["tenant_id"] = group.ProjectId,
        ["rules"] = new JsonArray([.. group.Rules.Where(r => r.Direction == "ingress").Select(r => Rule(r, all))]),
    };

    /// <summary>
    /// Nova's conversion of a Neutron rule: a protocol without ports is 1-65535 for tcp/udp and -1
    /// otherwise; a remote group shows as group, anything else as ip_range (any address when none).
    /// </summary>
    private static JsonNode Rule(SecurityGroupRuleInfo rule, IReadOnlyList<SecurityGroupInfo> all)
    {
        int? from = rule.PortRangeMin, to = rule.PortRangeMax;
        if (rule.Protocol is { } protocol && from is null && to is null)
        {
            (from, to) = protocol.ToLowerInvariant() is "tcp" or "udp" or "6" or "17" ? (1, 65535) : (-1, -1);
        }
        var group = new JsonObject();
        var ipRange = new JsonObject();
        if (rule.RemoteGroupId is { } remote)
        {
            var source = all.FirstOrDefault(g => g.Id == remote);
            group["name"] = source?.Name;
            group["tenant_id"] = source?.ProjectId;
        }
        else
        {
            ipRange["cidr"] = rule.RemoteIpPrefix ?? (rule.EtherType == "IPv6" ? "::/0" : "0.0.0.0/0");
        }
        return new JsonObject
        {
            ["id"] = rule.Id.ToString(),
            ["parent_group_id"] = rule.SecurityGroupId.ToString(),
            ["ip_protocol"] = rule.Protocol,
            ["from_port"] = from,
            ["to_port"] = to,
            ["group"] = group,
            ["ip_range"] = ipRange,
        };
    }
}
