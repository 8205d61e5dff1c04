using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Network.Errors;
using Kumo.Network.Plugin;

namespace Kumo.Api.Network;

/// <summary>/v2.0/security-groups and /v2.0/security-group-rules.</summary>
public static class SecurityGroupsApi
{
    private static readonly string[] GroupCreate = ["name", "description", "stateful", "tenant_id", "project_id"];
    private static readonly string[] GroupUpdate = ["name", "description", "stateful"];
    private static readonly string[] RuleCreate = ["security_group_id", "direction", "ethertype", "protocol", "port_range_min", "port_range_max",
        "remote_ip_prefix", "remote_group_id", "description", "tenant_id", "project_id"];

    public static void Map(RouteGroupBuilder v20, ApiOptions options)
    {
        var baseUrl = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Network + "/v2.0/";
        v20.MapGet("/security-groups", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var groups = await plugin.ListSecurityGroupsAsync(http.KumoContext(), ct);
            var rules = await plugin.RulesOfGroupsAsync([.. groups.Select(g => g.Id)], ct);
            return Results.Json(NeutronListing.List(http.Request, "security_groups", groups.Select(g => NetworkViews.SecurityGroup(g, rules)), baseUrl + "security-groups"));
        });
        v20.MapGet("/security-groups/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var group = await plugin.GetSecurityGroupAsync(http.KumoContext(), NeutronIds.Parse(id, i => new SecurityGroupNotFoundException(i)), ct);
            var view = NetworkViews.SecurityGroup(group, await plugin.RulesOfGroupsAsync([group.Id], ct));
            return Results.Json(new JsonObject { ["security_group"] = NeutronListing.Fields(http.Request, view) });
        });
        v20.MapPost("/security-groups", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var input = (await NeutronBody.ReadUpdateAsync(http.Request, "security_group", ct)).Allow(true, GroupCreate);
            var group = await plugin.CreateSecurityGroupAsync(http.KumoContext(), GroupAttributes(input), ct);
            return Results.Json(new JsonObject { ["security_group"] = NetworkViews.SecurityGroup(group, await plugin.RulesOfGroupsAsync([group.Id], ct)) }, statusCode: 201);
        });
        v20.MapPut("/security-groups/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var groupId = NeutronIds.Parse(id, i => new SecurityGroupNotFoundException(i));
            var input = (await NeutronBody.ReadUpdateAsync(http.Request, "security_group", ct)).Allow(false, GroupUpdate);
            var group = await plugin.UpdateSecurityGroupAsync(http.KumoContext(), groupId, GroupAttributes(input), ct);
            return Results.Json(new JsonObject { ["security_group"] = NetworkViews.SecurityGroup(group, await plugin.RulesOfGroupsAsync([group.Id], ct)) });
        });
        v20.MapDelete("/security-groups/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            await plugin.DeleteSecurityGroupAsync(http.KumoContext(), NeutronIds.Parse(id, i => new SecurityGroupNotFoundException(i)), ct);
            return Results.NoContent();
        });
        MapRules(v20, baseUrl + "security-group-rules");
    }

    private static void MapRules(RouteGroupBuilder v20, string self)
    {
        v20.MapGet("/security-group-rules", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
            Results.Json(NeutronListing.List(http.Request, "security_group_rules", (await plugin.ListRulesAsync(http.KumoContext(), ct)).Select(NetworkViews.Rule), self)));
        v20.MapGet("/security-group-rules/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var rule = await plugin.GetRuleAsync(http.KumoContext(), NeutronIds.Parse(id, i => new SecurityGroupRuleNotFoundException(i)), ct);
            return Results.Json(new JsonObject { ["security_group_rule"] = NeutronListing.Fields(http.Request, NetworkViews.Rule(rule)) });
        });
        v20.MapPost("/security-group-rules", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var (items, bulk) = await NeutronBody.ReadCreateAsync(http.Request, "security_group_rule", "security_group_rules", ct);
            var created = await plugin.CreateRulesAsync(http.KumoContext(), [.. items.Select(i => RuleAttributes(i.Allow(true, RuleCreate)))], ct);
            var views = created.Select(r => (JsonNode)NetworkViews.Rule(r)).ToArray();
            return Results.Json(bulk ? new JsonObject { ["security_group_rules"] = new JsonArray(views) } : new JsonObject { ["security_group_rule"] = views[0] }, statusCode: 201);
        });
        v20.MapDelete("/security-group-rules/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            await plugin.DeleteRuleAsync(http.KumoContext(), NeutronIds.Parse(id, i => new SecurityGroupRuleNotFoundException(i)), ct);
            return Results.NoContent();
        });
    }

    private static SecurityGroupAttributes GroupAttributes(NeutronInput input) => new()
    {
        Name = input.String("name"),
        Description = input.String("description"),
        Stateful = input.Bool("stateful"),
        ProjectId = input.ProjectId(),
    };

    private static SecurityGroupRuleAttributes RuleAttributes(NeutronInput input)
    {
        var protocol = input.Body.TryGetPropertyValue("protocol", out var p) && p is JsonValue pv && pv.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? pv.ToJsonString()
            : input.NullableString("protocol").Or(null);
        return new SecurityGroupRuleAttributes
        {
            SecurityGroupId = input.Uuid("security_group_id") is { IsGiven: true } g ? g.Value
                : throw ApiException.BadRequest("Failed to parse request. Required attribute 'security_group_id' not specified"),
            Direction = input.String("direction") is { IsGiven: true } d ? d.Value
                : throw ApiException.BadRequest("Failed to parse request. Required attribute 'direction' not specified"),
            Ethertype = input.String("ethertype").Or("IPv4"),
            Protocol = protocol,
            PortRangeMin = input.Int("port_range_min").Or(null),
            PortRangeMax = input.Int("port_range_max").Or(null),
            RemoteIpPrefix = input.NullableString("remote_ip_prefix").Or(null),
            // Neutron looks a remote group up without checking its form: an id that is no UUID names no group (404).
            RemoteGroupId = input.NullableString("remote_group_id").Or(null) is { } remote
                ? Guid.TryParse(remote, out var remoteId) ? remoteId : throw new SecurityGroupNotFoundException(remote)
                : null,
            Description = input.String("description").Or(""),
            ProjectId = input.ProjectId(),
        };
    }
}
