using System.Text.Json.Nodes;
using Kumo.Client.Errors;
using Kumo.Dashboard.HostView;

namespace Kumo.Dashboard.Pages.Host;

public sealed record HypervisorRow(string Name, string Type, string State, string Status, long Vcpus, long VcpusUsed, long Ram, long RamUsed,
    long Disk, long DiskUsed, long RunningVms);

/// <summary>
/// What the compute hosts hold: usage from os-hypervisors/detail (admin only, as in Nova), and for the
/// compute host of this process the inventory of `kumo host inventory`, orphans first.
/// </summary>
public sealed class HostModel : DashboardPage
{
    public IReadOnlyList<HypervisorRow> Hypervisors { get; private set; } = [];

    public string? Refused { get; private set; }

    /// <summary>The host the inventory is of; null when no compute host runs in this process.</summary>
    public string? InventoryHost { get; private set; }

    public IReadOnlyList<HostInventoryItem> Inventory { get; private set; } = [];

    public int Orphans => Inventory.Count(i => i.Orphaned);

    public async Task OnGetAsync()
    {
        try
        {
            var list = await Api.ListAsync(Api.Compute("os-hypervisors/detail"), "hypervisors", Aborted);
            Hypervisors = list.OfType<JsonObject>().Select(h => new HypervisorRow((string?)h["hypervisor_hostname"] ?? "",
                (string?)h["hypervisor_type"] ?? "", (string?)h["state"] ?? "", (string?)h["status"] ?? "",
                (long?)h["vcpus"] ?? 0, (long?)h["vcpus_used"] ?? 0, (long?)h["memory_mb"] ?? 0, (long?)h["memory_mb_used"] ?? 0,
                (long?)h["local_gb"] ?? 0, (long?)h["local_gb_used"] ?? 0, (long?)h["running_vms"] ?? 0)).ToList();
        }
        catch (OpenStackApiException ex) when (ex.Status == 403)
        {
            Refused = "The host page needs the admin role (Nova: " + ex.Message + ")";
            return;
        }
        // Nova has just accepted the token as an admin's; the inventory is read in-process (no REST route).
        if (HttpContext.RequestServices.GetService(typeof(IHostInventorySource)) is IHostInventorySource { Host: { } host } source)
        {
            InventoryHost = host;
            Inventory = [.. (await source.ListAsync(Aborted)).OrderByDescending(i => i.Orphaned).ThenBy(i => i.Kind, StringComparer.Ordinal)
                .ThenBy(i => i.Name, StringComparer.Ordinal)];
        }
    }
}
