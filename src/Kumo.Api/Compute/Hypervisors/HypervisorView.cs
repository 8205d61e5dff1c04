using System.Text.Json.Nodes;
using Kumo.Db.Stores;

namespace Kumo.Api.Compute.Hypervisors;

/// <summary>
/// One hypervisor as os-hypervisors shows it (tempest's hypervisors schema, 2.1): the compute node the
/// resource tracker last reported, with its compute service's state.
/// </summary>
public sealed record HypervisorState(ComputeNodeRecord Node, int CurrentWorkload, bool Up, bool Disabled, string? DisabledReason, long ServiceId);

public static class HypervisorView
{
    public static JsonObject Summary(HypervisorState h) => new()
    {
        ["id"] = h.Node.Id,
        ["hypervisor_hostname"] = h.Node.NodeName,
        ["state"] = h.Up ? "up" : "down",
        ["status"] = h.Disabled ? "disabled" : "enabled",
    };

    public static JsonObject Detail(HypervisorState h)
    {
        var n = h.Node;
        var view = Summary(h);
        view["vcpus"] = n.Vcpus;
        view["memory_mb"] = n.MemoryMb;
        view["local_gb"] = n.LocalGb;
        view["vcpus_used"] = n.VcpusUsed;
        view["memory_mb_used"] = n.MemoryMbUsed;
        view["local_gb_used"] = n.LocalGbUsed;
        view["free_ram_mb"] = n.MemoryMb - n.MemoryMbUsed;
        view["free_disk_gb"] = n.LocalGb - n.LocalGbUsed;
        view["running_vms"] = n.RunningVms;
        view["current_workload"] = h.CurrentWorkload;
        // Nova's libvirt driver reports the filesystem's real free space; the tracker's own count is what Kumo knows.
        view["disk_available_least"] = n.LocalGb - n.LocalGbUsed;
        view["hypervisor_type"] = n.HypervisorType;
        view["hypervisor_version"] = n.HypervisorVersion;
        view["host_ip"] = n.HostIp ?? "127.0.0.1";
        view["cpu_info"] = "{}";
        view["service"] = new JsonObject { ["host"] = n.Host, ["id"] = h.ServiceId, ["disabled_reason"] = h.DisabledReason };
        return view;
    }

    public static JsonObject Statistics(IReadOnlyList<HypervisorState> all) => new()
    {
        ["count"] = all.Count,
        ["vcpus"] = all.Sum(h => h.Node.Vcpus),
        ["memory_mb"] = all.Sum(h => h.Node.MemoryMb),
        ["local_gb"] = all.Sum(h => h.Node.LocalGb),
        ["vcpus_used"] = all.Sum(h => h.Node.VcpusUsed),
        ["memory_mb_used"] = all.Sum(h => h.Node.MemoryMbUsed),
        ["local_gb_used"] = all.Sum(h => h.Node.LocalGbUsed),
        ["free_ram_mb"] = all.Sum(h => h.Node.MemoryMb - h.Node.MemoryMbUsed),
        ["free_disk_gb"] = all.Sum(h => h.Node.LocalGb - h.Node.LocalGbUsed),
        ["running_vms"] = all.Sum(h => h.Node.RunningVms),
        ["current_workload"] = all.Sum(h => h.CurrentWorkload),
        ["disk_available_least"] = all.Sum(h => h.Node.LocalGb - h.Node.LocalGbUsed),
    };
}
