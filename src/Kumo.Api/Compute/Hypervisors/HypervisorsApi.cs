using System.Globalization;
using System.Text.Json.Nodes;
using Kumo.Api.Infrastructure;
using Kumo.Db;

namespace Kumo.Api.Compute.Hypervisors;

/// <summary>
/// Nova's os-hypervisors at 2.1 (admin only): list, detail, show, statistics, search and servers by
/// hostname pattern, from the compute nodes the resource trackers report. Uptime answers 501 as Nova
/// does for a driver that cannot report it: asking a compute host needs an RPC call Kumo's compute
/// hosts do not serve yet (the API must not read its own host's /proc in multi-host mode).
/// </summary>
public static class HypervisorsApi
{
    public static void Map(RouteGroupBuilder v21)
    {
        var group = v21.MapGroup("/os-hypervisors");
        group.MapGet("", async (HttpContext http, KumoStores stores, TimeProvider time, CancellationToken ct) =>
            List(await AllAsync(http, stores, time, "list", ct), HypervisorView.Summary));
        group.MapGet("/detail", async (HttpContext http, KumoStores stores, TimeProvider time, CancellationToken ct) =>
            List(await AllAsync(http, stores, time, "list-detail", ct), HypervisorView.Detail));
        group.MapGet("/statistics", async (HttpContext http, KumoStores stores, TimeProvider time, CancellationToken ct) =>
            Results.Json(new JsonObject { ["hypervisor_statistics"] = HypervisorView.Statistics(await AllAsync(http, stores, time, "statistics", ct)) }));
        group.MapGet("/{id}", async (HttpContext http, string id, KumoStores stores, TimeProvider time, CancellationToken ct) =>
            Results.Json(new JsonObject { ["hypervisor"] = HypervisorView.Detail(Find(await AllAsync(http, stores, time, "show", ct), id)) }));
        group.MapGet("/{id}/uptime", async (HttpContext http, string id, KumoStores stores, TimeProvider time, CancellationToken ct) =>
        {
            Find(await AllAsync(http, stores, time, "uptime", ct), id);
            throw new ApiException(501, "Virt driver does not implement host uptime function.");
        });
        group.MapGet("/{pattern}/search", async (HttpContext http, string pattern, KumoStores stores, TimeProvider time, CancellationToken ct) =>
            List(Matching(await AllAsync(http, stores, time, "search", ct), pattern), HypervisorView.Summary));
        group.MapGet("/{pattern}/servers", async (HttpContext http, string pattern, KumoStores stores, TimeProvider time, CancellationToken ct) =>
        {
            var matching = Matching(await AllAsync(http, stores, time, "servers", ct), pattern);
            var views = new JsonArray();
            foreach (var h in matching)
            {
                var view = HypervisorView.Summary(h);
                var instances = await stores.Instances.ListAsync(h.Node.Host, ct);
                view["servers"] = new JsonArray(instances.Where(i => i.Node == h.Node.NodeName || i.Node is null)
                    .Select(i => (JsonNode)new JsonObject { ["uuid"] = i.Uuid.ToString(), ["name"] = i.DisplayName }).ToArray());
                views.Add(view);
            }
            return Results.Json(new JsonObject { ["hypervisors"] = views });
        });
    }

    private static Task<IReadOnlyList<HypervisorState>> AllAsync(HttpContext http, KumoStores stores, TimeProvider time, string action, CancellationToken ct)
    {
        ResourcePolicy.RequireAdmin(http, $"os_compute_api:os-hypervisors:{action}");
        return new HypervisorSource(stores, time).ListAsync(ct);
    }

    private static IResult List(IReadOnlyList<HypervisorState> all, Func<HypervisorState, JsonObject> view) =>
        Results.Json(new JsonObject { ["hypervisors"] = new JsonArray(all.Select(h => (JsonNode)view(h)).ToArray()) });

    private static HypervisorState Find(IReadOnlyList<HypervisorState> all, string id)
    {
        var found = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? all.FirstOrDefault(h => h.Node.Id == number) : null;
        return found ?? throw ApiException.NotFound($"Hypervisor with ID '{id}' could not be found.");
    }

    /// <summary>Nova matches hypervisor_hostname containing the pattern; none is a 404.</summary>
    private static List<HypervisorState> Matching(IReadOnlyList<HypervisorState> all, string pattern)
    {
        var matching = all.Where(h => h.Node.NodeName.Contains(pattern, StringComparison.OrdinalIgnoreCase)).ToList();
        return matching.Count > 0 ? matching : throw ApiException.NotFound($"No hypervisor matching '{pattern}' could be found.");
    }
}
