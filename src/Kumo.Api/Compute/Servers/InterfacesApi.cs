using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;
using Kumo.Network.Api;
using Kumo.Objects.Network;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// /servers/{id}/os-interface, read side (Nova's attach_interfaces controller): the server's ports as
/// the network service has them now, not as cached. Attach and detach answer 501 until Kumo hot-plugs.
/// </summary>
public static class InterfacesApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/servers/{id}/os-interface", async (HttpContext http, string id, ComputeApi compute, INetworkApi network) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServersApi.ServerId(id), http.RequestAborted);
            var info = await network.GetInstanceNetworkInfoAsync(instance, http.RequestAborted);
            return Results.Json(new JsonObject { ["interfaceAttachments"] = new JsonArray([.. info.Vifs.Select(View)]) });
        });
        v21.MapGet("/servers/{id}/os-interface/{portId}", async (HttpContext http, string id, string portId, ComputeApi compute, INetworkApi network) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServersApi.ServerId(id), http.RequestAborted);
            var info = await network.GetInstanceNetworkInfoAsync(instance, http.RequestAborted);
            var vif = info.Vifs.FirstOrDefault(v => v.PortId.ToString() == portId)
                ?? throw ApiException.NotFound($"Instance {instance.Uuid} is not attached to port {portId}.");
            return Results.Json(new JsonObject { ["interfaceAttachment"] = View(vif) });
        });
        v21.MapPost("/servers/{id}/os-interface", NotImplemented);
        v21.MapDelete("/servers/{id}/os-interface/{portId}", NotImplemented);
    }

    private static IResult NotImplemented() =>
        throw new ApiException(501, "Attaching and detaching interfaces of a running server is not supported yet; create the server with its networks.");

    /// <summary>Nova's _format_interface_attachment (without tag, which comes with 2.70).</summary>
    private static JsonNode View(Vif vif)
    {
        var fixedIps = vif.Subnets.Count > 0
            ? vif.Subnets.SelectMany(s => s.Ips.Select(ip => (JsonNode)new JsonObject { ["subnet_id"] = s.SubnetId.ToString(), ["ip_address"] = ip }))
            : vif.FixedIps.Select(ip => (JsonNode)new JsonObject { ["subnet_id"] = null, ["ip_address"] = ip });
        return new JsonObject
        {
            ["port_state"] = vif.Active ? "ACTIVE" : "DOWN",
            ["fixed_ips"] = new JsonArray([.. fixedIps]),
            ["port_id"] = vif.PortId.ToString(),
            ["net_id"] = vif.NetworkId.ToString(),
            ["mac_addr"] = vif.MacAddress,
        };
    }
}
