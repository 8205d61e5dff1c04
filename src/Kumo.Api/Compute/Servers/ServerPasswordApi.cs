using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;
using Kumo.Db;
using Kumo.Objects.Instances;

namespace Kumo.Api.Compute.Servers;

/// <summary>
/// /servers/{id}/os-server-password (Nova's server_password controller): the password the guest
/// posted to the metadata service, as it posted it (encrypted with the server's key; the client
/// decrypts it with the private key, as `nova get-password` does). DELETE forgets it, so the guest may
/// post another; the guest's own password is unchanged. Policy as Nova's defaults: the project's
/// readers show, members clear, admins both; another project's server is 404.
/// </summary>
public static class ServerPasswordApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        v21.MapGet("/servers/{id}/os-server-password", async (HttpContext http, string id, ComputeApi compute, KumoStores stores) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServersApi.ServerId(id), http.RequestAborted);
            var stored = InstancePassword.Extract(await stores.InstanceSystemMetadata.GetAsync(instance.Uuid, http.RequestAborted));
            return Results.Json(new JsonObject { ["password"] = stored ?? "" });
        });
        v21.MapDelete("/servers/{id}/os-server-password", async (HttpContext http, string id, ComputeApi compute, KumoStores stores) =>
        {
            var context = http.KumoContext();
            var instance = await compute.GetAsync(context, ServersApi.ServerId(id), http.RequestAborted);
            Policy.RequireWrite(context, "os_compute_api:os-server-password:clear");
            await stores.InstanceSystemMetadata.UpdateAsync(instance.Uuid, InstancePassword.ToSystemMetadata(null), http.RequestAborted);
            return Results.NoContent();
        });
    }
}
