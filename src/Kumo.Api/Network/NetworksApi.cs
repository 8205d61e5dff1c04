using System.Text.Json.Nodes;
using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Network.Plugin;
using Kumo.Api.Infrastructure;

namespace Kumo.Api.Network;

/// <summary>/v2.0/networks: list (filters, fields, sort, paging), create (single or bulk), show, update, delete.</summary>
public static class NetworksApi
{
    private static readonly string[] CreateAttributes = ["name", "description", "admin_state_up", "shared", "mtu", "router:external",
        "port_security_enabled", "tenant_id", "project_id", "availability_zone_hints"];

    private static readonly string[] UpdateAttributes = ["name", "description", "admin_state_up", "shared", "mtu", "router:external", "port_security_enabled"];

    public static void Map(RouteGroupBuilder v20, ApiOptions options)
    {
        var self = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Network + "/v2.0/networks";
        v20.MapGet("/networks", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var networks = await plugin.ListNetworksAsync(http.KumoContext(), ct);
            var subnets = await SubnetIdsAsync(plugin, ct);
            return Results.Json(NeutronListing.List(http.Request, "networks", networks.Select(n => NetworkViews.Network(n, subnets[n.Id])), self));
        });
        v20.MapGet("/networks/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var network = await plugin.GetNetworkAsync(http.KumoContext(), NeutronIds.Parse(id, i => new NetworkNotFoundException(i)), ct);
            return Results.Json(new JsonObject { ["network"] = NeutronListing.Fields(http.Request, NetworkViews.Network(network, (await SubnetIdsAsync(plugin, ct))[network.Id])) });
        });
        v20.MapPost("/networks", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var (items, bulk) = await NeutronBody.ReadCreateAsync(http.Request, "network", "networks", ct);
            var created = await plugin.CreateNetworksAsync(http.KumoContext(), [.. items.Select(i => Attributes(i.Allow(true, CreateAttributes)))], ct);
            var views = created.Select(n => (JsonNode)NetworkViews.Network(n, [])).ToArray();
            return Results.Json(bulk ? new JsonObject { ["networks"] = new JsonArray(views) } : new JsonObject { ["network"] = views[0] }, statusCode: 201);
        });
        v20.MapPut("/networks/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var networkId = NeutronIds.Parse(id, i => new NetworkNotFoundException(i));
            var input = (await NeutronBody.ReadUpdateAsync(http.Request, "network", ct)).Allow(false, UpdateAttributes);
            var network = await plugin.UpdateNetworkAsync(http.KumoContext(), networkId, Attributes(input), ct);
            return Results.Json(new JsonObject { ["network"] = NetworkViews.Network(network, (await SubnetIdsAsync(plugin, ct))[network.Id]) });
        });
        v20.MapDelete("/networks/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            await plugin.DeleteNetworkAsync(http.KumoContext(), NeutronIds.Parse(id, i => new NetworkNotFoundException(i)), ct);
            return Results.NoContent();
        });
    }

    private static NetworkAttributes Attributes(NeutronInput input)
    {
        if (input.Bool("port_security_enabled") is { IsGiven: true, Value: false })
        {
            throw ApiException.BadRequest("port_security_enabled can only be true on a network: disable it per port.");
        }
        if (input.List("availability_zone_hints", n => NeutronInput.ItemString("availability_zone_hints", n)) is { IsGiven: true, Value.Count: > 0 })
        {
            throw InvalidInputException.For("availability_zone_hints", "Kumo has one availability zone; leave the hints empty");
        }
        return new NetworkAttributes
        {
            Name = input.String("name"),
            Description = input.String("description"),
            Shared = input.Bool("shared"),
            AdminStateUp = input.Bool("admin_state_up"),
            Mtu = input.Int("mtu") is { IsGiven: true } mtu ? Given<int>.Of(mtu.Value ?? throw InvalidInputException.For("mtu", "'None' is not an integer")) : default,
            RouterExternal = input.Bool("router:external"),
            ProjectId = input.ProjectId(),
        };
    }

    /// <summary>Each network's subnet ids (a network shows all of its subnets).</summary>
    private static async Task<ILookup<Guid, Guid>> SubnetIdsAsync(NetworkPlugin plugin, CancellationToken ct) =>
        (await plugin.Store.ReadAsync(s => s.ListAllSubnetsAsync(), ct)).ToLookup(s => s.NetworkId, s => s.Id);
}
