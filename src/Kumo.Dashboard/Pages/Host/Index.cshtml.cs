using System.Text.Json.Nodes;
using Kumo.Dashboard.Client;

namespace Kumo.Dashboard.Pages.Host;

public sealed record HypervisorRow(string Name, string Type, string State, string Status, long Vcpus, long VcpusUsed, long Ram, long RamUsed,
    long Disk, long DiskUsed, long RunningVms);

/// <summary>What the compute hosts hold (os-hypervisors/detail; admin only, as in Nova).</summary>
public sealed class HostModel : DashboardPage
{
    public IReadOnlyList<HypervisorRow> Hypervisors { get; private set; } = [];

    public string? Refused { get; private set; }

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
        catch (ApiError ex) when (ex.Status == 403)
        {
            Refused = "The host page needs the admin role (Nova: " + ex.Message + ")";
        }
    }
}
