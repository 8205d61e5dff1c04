using System.Buffers;
using System.Net.Sockets;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Compute.Api;
using Kumo.Db;
using Kumo.Db.Stores;
using Microsoft.Extensions.DependencyInjection;
using Kumo.Objects.Errors;
using Kumo.Objects.Instances;

namespace Kumo.Api.Compute.Servers;

/// <summary>/servers: create, list, detail, show, update, delete, ips (Nova's servers and ips controllers).</summary>
public static class ServersApi
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static void Map(RouteGroupBuilder v21, ApiOptions options)
    {
        var view = new ServerView(options.EffectivePublicUrl.TrimEnd('/') + ApiPaths.Compute);
        v21.MapPost("/servers", (HttpContext http, ComputeApi compute, KumoStores stores) => CreateAsync(http, compute, stores, view));
        v21.MapGet("/servers", (HttpContext http, ComputeApi compute) => ListAsync(http, compute, null, view, options.MaxLimit));
        v21.MapGet("/servers/detail", (HttpContext http, ComputeApi compute, KumoStores stores) => ListAsync(http, compute, stores, view, options.MaxLimit));
        v21.MapGet("/servers/{id}", async (HttpContext http, string id, ComputeApi compute, KumoStores stores) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServerId(id), http.RequestAborted);
            var fault = await FaultOfAsync(stores, instance, http.RequestAborted);
            var networkInfo = await stores.InstanceInfoCaches.GetAsync(instance.Uuid, http.RequestAborted);
            return Results.Bytes(view.ShowBody(instance, fault, http.KumoContext(), http.Microversion(), networkInfo), JsonContentType);
        });
        v21.MapPut("/servers/{id}", (HttpContext http, string id, ComputeApi compute, KumoStores stores) => UpdateAsync(http, ServerId(id), compute, stores, view));
        v21.MapDelete("/servers/{id}", async (HttpContext http, string id, ComputeApi compute) =>
        {
            var context = http.KumoContext();
            Policy.RequireWrite(context, "os_compute_api:servers:delete");
            var uuid = ServerId(id);
            await compute.GetAsync(context, uuid, http.RequestAborted);
            await compute.DeleteAsync(context, uuid, http.RequestAborted);
            return Results.NoContent();
        });
        v21.MapGet("/servers/{id}/ips", async (HttpContext http, string id, ComputeApi compute, KumoStores stores) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServerId(id), http.RequestAborted);
            var networkInfo = await stores.InstanceInfoCaches.GetAsync(instance.Uuid, http.RequestAborted);
            return Results.Json(new JsonObject { ["addresses"] = AddressesView.Addresses(networkInfo, extended: false) });
        });
        v21.MapGet("/servers/{id}/ips/{network}", async (HttpContext http, string id, string network, ComputeApi compute, KumoStores stores) =>
        {
            var instance = await compute.GetAsync(http.KumoContext(), ServerId(id), http.RequestAborted);
            var networkInfo = await stores.InstanceInfoCaches.GetAsync(instance.Uuid, http.RequestAborted);
            return Results.Json(AddressesView.Network(networkInfo, network) ?? throw ApiException.NotFound("Instance is not a member of specified network"));
        });
    }

    /// <summary>A server id that is no uuid names no server: 404, as Nova answers.</summary>
    public static Guid ServerId(string id) =>
        Guid.TryParseExact(id, "D", out var uuid) ? uuid : throw ApiException.NotFound($"Instance {id} could not be found.");

    public static async Task<Kumo.Objects.Faults.InstanceFault?> FaultOfAsync(KumoStores stores, Instance instance, CancellationToken cancellationToken) =>
        instance.VmState is VmState.Error or VmState.Deleted ? await stores.InstanceFaults.GetLatestAsync(instance.Uuid, cancellationToken) : null;

    private static async Task<IResult> CreateAsync(HttpContext http, ComputeApi compute, KumoStores stores, ServerView view)
    {
        var context = http.KumoContext();
        Policy.RequireWrite(context, "os_compute_api:servers:create");
        var body = ServerCreateBody.Parse(await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted), http.Microversion());
        var keyData = body.Request.KeyName is { } keyName
            ? await KeyDataAsync(stores, context.UserId, keyName, http.RequestAborted)
            : null;
        // Nova's enable_instance_password: a password is generated when none is given. It goes to the
        // compute host with the build request (for the config drive) and is never stored.
        var password = body.Request.AdminPassword ?? NewPassword();
        var created = await compute.CreateManyAsync(context, body.Request with { AdminPassword = password, KeyData = keyData }, body.MaxCount, http.RequestAborted);
        if (body.ReturnReservationId)
        {
            return Results.Json(new JsonObject { ["reservation_id"] = created[0].ReservationId }, statusCode: 202);
        }
        var first = created[0];
        var links = view.Links("servers", first.Uuid.ToString());
        http.Response.Headers.Location = (string?)links[0]!["href"];
        return Results.Json(new JsonObject
        {
            ["server"] = new JsonObject
            {
                ["id"] = first.Uuid.ToString(),
                ["links"] = links,
                ["OS-DCF:diskConfig"] = "MANUAL",
                ["security_groups"] = new JsonArray([.. first.SecurityGroups.Select(g => (JsonNode)new JsonObject { ["name"] = g })]),
                ["adminPass"] = password,
            },
        }, statusCode: 202);
    }

    /// <summary>Key pairs belong to the user: one the caller does not have is Nova's 400, before anything is created.</summary>
    private static async Task<string> KeyDataAsync(KumoStores stores, string userId, string keyName, CancellationToken cancellationToken)
    {
        try
        {
            return (await stores.KeyPairs.GetAsync(userId, keyName, cancellationToken)).PublicKey;
        }
        catch (KeyPairNotFoundException)
        {
            throw ApiException.BadRequest("Invalid key_name provided.");
        }
    }

    private static async Task<IResult> ListAsync(HttpContext http, ComputeApi compute, KumoStores? stores, ServerView view, int maxLimit)
    {
        var context = http.KumoContext();
        var filter = ServerListQuery.Parse(http.Request.Query, context, maxLimit, detail: stores is not null, http.Microversion());
        IReadOnlyList<Instance> page;
        try
        {
            page = filter is null ? [] : await compute.ListAsync(context, filter, http.RequestAborted);
        }
        catch (MarkerNotFoundException ex)
        {
            throw ApiException.BadRequest(ex.Message);
        }
        var faults = stores is null
            ? new Dictionary<Guid, Kumo.Objects.Faults.InstanceFault>()
            // One query for the faults of every failed server on the page.
            : await stores.InstanceFaults.GetLatestAsync([.. page.Where(i => i.VmState is VmState.Error or VmState.Deleted).Select(i => i.Uuid)], http.RequestAborted);
        // And one for the addresses of every server on it.
        var networks = stores is null
            ? new Dictionary<Guid, Kumo.Objects.Network.NetworkInfo>()
            : await stores.InstanceInfoCaches.GetAsync([.. page.Select(i => i.Uuid)], http.RequestAborted);
        var version = http.Microversion();
        var buffer = new ArrayBufferWriter<byte>(stores is null ? 256 * (page.Count + 1) : 2048 * (page.Count + 1));
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("servers");
            foreach (var instance in page)
            {
                if (stores is null)
                {
                    view.WriteSummary(w, instance);
                }
                else
                {
                    view.WriteDetail(w, instance, faults.GetValueOrDefault(instance.Uuid), context, version, networks.GetValueOrDefault(instance.Uuid));
                }
            }
            w.WriteEndArray();
            if (filter?.Limit is { } limit && page.Count == limit && limit > 0)
            {
                w.WritePropertyName("servers_links");
                NextLink(http, page[^1].Uuid).WriteTo(w);
            }
            w.WriteEndObject();
        }
        return Results.Bytes(buffer.WrittenMemory.ToArray(), "application/json");
    }

    private static JsonArray NextLink(HttpContext http, Guid last)
    {
        var query = http.Request.Query
            .Where(p => p.Key != "marker")
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"marker={last}");
        var options = http.RequestServices.GetRequiredService<ApiOptions>();
        var href = $"{options.EffectivePublicUrl.TrimEnd('/')}{ApiPaths.Compute}{http.Request.Path.Value?[(http.Request.Path.Value.IndexOf("/v2.1", StringComparison.Ordinal))..]}?{string.Join('&', query)}";
        return new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = href });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, Guid uuid, ComputeApi compute, KumoStores stores, ServerView view)
    {
        var context = http.KumoContext();
        Policy.RequireWrite(context, "os_compute_api:servers:update");
        var version = http.Microversion();
        var body = await JsonBody.ReadObjectAsync(http.Request, http.RequestAborted);
        NovaInput.OnlyKnown(body, ["server"]);
        var server = NovaInput.RequireObject(body, "server");
        NovaInput.OnlyKnown(server, version.AtLeast("2.19")
            ? ["name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig", "description"]
            : ["name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig"]);
        var update = new ServerUpdate(
            NovaInput.Name(server),
            NovaInput.IpAddress(server, "accessIPv4", AddressFamily.InterNetwork),
            NovaInput.IpAddress(server, "accessIPv6", AddressFamily.InterNetworkV6))
        {
            SetDescription = server.ContainsKey("description"),
            Description = NovaInput.String(server, "description", 0, 255, nullable: true),
        };
        var instance = await compute.UpdateAsync(context, uuid, update, http.RequestAborted);
        var fault = await FaultOfAsync(stores, instance, http.RequestAborted);
        var networkInfo = await stores.InstanceInfoCaches.GetAsync(instance.Uuid, http.RequestAborted);
        return Results.Json(new JsonObject { ["server"] = view.Basic(instance, fault, context, version, networkInfo) });
    }

    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 12);
    }
}
