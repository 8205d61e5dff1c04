using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Network.Plugin;

namespace Kumo.Api.Network;

/// <summary>/v2.0/subnets: list, create (single or bulk), show, update, delete.</summary>
public static class SubnetsApi
{
    private static readonly string[] CreateAttributes = ["network_id", "cidr", "ip_version", "name", "description", "gateway_ip", "enable_dhcp",
        "allocation_pools", "dns_nameservers", "host_routes", "tenant_id", "project_id", "ipv6_ra_mode", "ipv6_address_mode", "subnetpool_id", "service_types"];

    private static readonly string[] UpdateAttributes = ["name", "description", "gateway_ip", "enable_dhcp", "allocation_pools", "dns_nameservers", "host_routes", "service_types"];

    public static void Map(RouteGroupBuilder v20, ApiOptions options)
    {
        var self = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Network + "/v2.0/subnets";
        v20.MapGet("/subnets", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
            Results.Json(NeutronListing.List(http.Request, "subnets", (await plugin.ListSubnetsAsync(http.KumoContext(), ct)).Select(NetworkViews.Subnet), self)));
        v20.MapGet("/subnets/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var subnet = await plugin.GetSubnetAsync(http.KumoContext(), NeutronIds.Parse(id, i => new SubnetNotFoundException(i)), ct);
            return Results.Json(new JsonObject { ["subnet"] = NeutronListing.Fields(http.Request, NetworkViews.Subnet(subnet)) });
        });
        v20.MapPost("/subnets", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var (items, bulk) = await NeutronBody.ReadCreateAsync(http.Request, "subnet", "subnets", ct);
            var created = await plugin.CreateSubnetsAsync(http.KumoContext(), [.. items.Select(i => Attributes(i.Allow(true, CreateAttributes), create: true))], ct);
            var views = created.Select(s => (JsonNode)NetworkViews.Subnet(s)).ToArray();
            return Results.Json(bulk ? new JsonObject { ["subnets"] = new JsonArray(views) } : new JsonObject { ["subnet"] = views[0] }, statusCode: 201);
        });
        v20.MapPut("/subnets/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var subnetId = NeutronIds.Parse(id, i => new SubnetNotFoundException(i));
            var input = (await NeutronBody.ReadUpdateAsync(http.Request, "subnet", ct)).Allow(false, UpdateAttributes);
            return Results.Json(new JsonObject { ["subnet"] = NetworkViews.Subnet(await plugin.UpdateSubnetAsync(http.KumoContext(), subnetId, Attributes(input, create: false), ct)) });
        });
        v20.MapDelete("/subnets/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            await plugin.DeleteSubnetAsync(http.KumoContext(), NeutronIds.Parse(id, i => new SubnetNotFoundException(i)), ct);
            return Results.NoContent();
        });
    }

    private static SubnetAttributes Attributes(NeutronInput input, bool create)
    {
        foreach (var unsupported in new[] { "ipv6_ra_mode", "ipv6_address_mode", "subnetpool_id" })
        {
            if (input.Body.TryGetPropertyValue(unsupported, out var value) && value is not null)
            {
                throw InvalidInputException.For(unsupported, $"Kumo does not support {unsupported} (SLAAC and subnet pools); leave it null");
            }
        }
        if (input.List("service_types", n => NeutronInput.ItemString("service_types", n)) is { IsGiven: true, Value.Count: > 0 })
        {
            throw InvalidInputException.For("service_types", "Kumo does not support subnet service types");
        }
        var version = input.Int("ip_version");
        if (create && !input.Body.ContainsKey("network_id"))
        {
            throw ApiException.BadRequest("Failed to parse request. Required attribute 'network_id' not specified");
        }
        return new SubnetAttributes
        {
            NetworkId = input.Uuid("network_id"),
            Cidr = input.String("cidr"),
            IpVersion = version.IsGiven ? Given<int>.Of(version.Value ?? 0) : create ? throw ApiException.BadRequest("Failed to parse request. Required attribute 'ip_version' not specified") : default,
            Name = input.String("name"),
            Description = input.String("description"),
            GatewayIp = input.NullableString("gateway_ip"),
            EnableDhcp = input.Bool("enable_dhcp"),
            AllocationPools = input.List("allocation_pools", n =>
            {
                var entry = NeutronInput.Entry("allocation_pools", n, "start", "end");
                return new AllocationPool(NeutronInput.EntryString("allocation_pools", entry, "start"), NeutronInput.EntryString("allocation_pools", entry, "end"));
            }),
            DnsNameservers = input.List("dns_nameservers", n => NeutronInput.ItemString("dns_nameservers", n)),
            HostRoutes = input.List("host_routes", n =>
            {
                var entry = NeutronInput.Entry("host_routes", n, "destination", "nexthop");
                return new SubnetHostRoute(NeutronInput.EntryString("host_routes", entry, "destination"), NeutronInput.EntryString("host_routes", entry, "nexthop"));
            }),
            ProjectId = input.ProjectId(),
        };
    }
}
