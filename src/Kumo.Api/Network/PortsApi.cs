using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Network;
using Kumo.Network.Errors;
using Kumo.Network.Model;
using Kumo.Network.Plugin;

namespace Kumo.Api.Network;

/// <summary>/v2.0/ports: list, create (single or bulk, atomic), show, update, delete.</summary>
public static class PortsApi
{
    private static readonly string[] UpdateAttributes = ["name", "description", "admin_state_up", "mac_address", "fixed_ips", "device_id", "device_owner",
        "binding:host_id", "binding:vnic_type", "binding:profile", "port_security_enabled", "security_groups", "allowed_address_pairs"];

    private static readonly string[] CreateAttributes = [.. UpdateAttributes, "network_id", "tenant_id", "project_id"];

    public static void Map(RouteGroupBuilder v20, ApiOptions options)
    {
        var self = options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Network + "/v2.0/ports";
        v20.MapGet("/ports", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var context = http.KumoContext();
            var deviceId = http.Request.Query["device_id"] is { Count: 1 } d ? d.ToString() : null;
            var ports = await plugin.ListPortsAsync(context, deviceId: deviceId, cancellationToken: ct);
            return Results.Json(NeutronListing.List(http.Request, "ports", ports.Select(p => NetworkViews.Port(p, context.IsAdmin, plugin.Options)), self));
        });
        v20.MapGet("/ports/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var context = http.KumoContext();
            var port = await plugin.GetPortAsync(context, NeutronIds.Parse(id, i => new PortNotFoundException(i)), ct);
            return Results.Json(new JsonObject { ["port"] = NeutronListing.Fields(http.Request, NetworkViews.Port(port, context.IsAdmin, plugin.Options)) });
        });
        v20.MapPost("/ports", async (HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var context = http.KumoContext();
            var (items, bulk) = await NeutronBody.ReadCreateAsync(http.Request, "port", "ports", ct);
            var created = await plugin.CreatePortsAsync(context, [.. items.Select(i => Attributes(i.Allow(true, CreateAttributes)))], ct);
            var views = created.Select(p => (JsonNode)NetworkViews.Port(p, context.IsAdmin, plugin.Options)).ToArray();
            return Results.Json(bulk ? new JsonObject { ["ports"] = new JsonArray(views) } : new JsonObject { ["port"] = views[0] }, statusCode: 201);
        });
        v20.MapPut("/ports/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            var context = http.KumoContext();
            var portId = NeutronIds.Parse(id, i => new PortNotFoundException(i));
            var input = (await NeutronBody.ReadUpdateAsync(http.Request, "port", ct)).Allow(false, UpdateAttributes);
            var port = await plugin.UpdatePortAsync(context, portId, Attributes(input), ct);
            return Results.Json(new JsonObject { ["port"] = NetworkViews.Port(port, context.IsAdmin, plugin.Options) });
        });
        v20.MapDelete("/ports/{id}", async (string id, HttpContext http, NetworkPlugin plugin, CancellationToken ct) =>
        {
            await plugin.DeletePortAsync(http.KumoContext(), NeutronIds.Parse(id, i => new PortNotFoundException(i)), ct);
            return Results.NoContent();
        });
    }

    private static PortAttributes Attributes(NeutronInput input)
    {
        if (input.String("binding:vnic_type") is { IsGiven: true, Value: not "normal" } vnic)
        {
            throw InvalidInputException.For("binding:vnic_type", $"'{vnic.Value}' is not in ['normal']");
        }
        if (input.Body.TryGetPropertyValue("binding:profile", out var profile) && profile is not null and not JsonObject)
        {
            throw InvalidInputException.For("binding:profile", $"'{profile.ToJsonString()}' is not a dictionary");
        }
        return new PortAttributes
        {
            NetworkId = input.Uuid("network_id"),
            Name = input.String("name"),
            Description = input.String("description"),
            AdminStateUp = input.Bool("admin_state_up"),
            MacAddress = input.String("mac_address"),
            FixedIps = input.List("fixed_ips", n =>
            {
                var entry = NeutronInput.Entry("fixed_ips", n, "subnet_id", "ip_address");
                var subnet = NeutronInput.EntryString("fixed_ips", entry, "subnet_id", required: false);
                var ip = NeutronInput.EntryString("fixed_ips", entry, "ip_address", required: false);
                return new FixedIpRequest(subnet.Length == 0 ? null : NeutronInput.ParseUuid("fixed_ips", subnet), ip.Length == 0 ? null : ip);
            }),
            DeviceId = input.String("device_id"),
            DeviceOwner = input.String("device_owner"),
            BindingHostId = input.String("binding:host_id"),
            PortSecurityEnabled = input.Bool("port_security_enabled"),
            SecurityGroups = input.List("security_groups", n => NeutronInput.ParseUuid("security_groups", NeutronInput.ItemString("security_groups", n))),
            AllowedAddressPairs = input.List("allowed_address_pairs", n =>
            {
                var entry = NeutronInput.Entry("allowed_address_pairs", n, "ip_address", "mac_address");
                return new PortAddressPair(NeutronInput.EntryString("allowed_address_pairs", entry, "ip_address"),
                    NeutronInput.EntryString("allowed_address_pairs", entry, "mac_address", required: false));
            }),
            ProjectId = input.ProjectId(),
        };
    }
}
