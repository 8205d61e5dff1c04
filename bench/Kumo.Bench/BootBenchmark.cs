using Kumo.Common.IO;
using Spectre.Console;

namespace Kumo.Bench;

/// <summary>
/// Boot latency of Kumo against plain libvirt booting the very domain Kumo designs, in one run,
/// interleaved (Kumo, virsh, Kumo, virsh ...) so that drifts in machine load hit both alike.
/// </summary>
internal static class BootBenchmark
{
    public static async Task RunAsync(int count, Figures figures, CancellationToken cancellationToken)
    {
        // Under /var/lib/kumo, not /tmp: QEMU's user must traverse it, and a private /tmp may be invisible to it.
        var stateDir = Path.Combine("/var/lib/kumo", "bench-" + Guid.NewGuid().ToString("N")[..10]);
        HostPaths.CreateTraversableDirectory(stateDir);
        AnsiConsole.MarkupLineInterpolated($"[bold]boot[/]: {count} Kumo boots and {count} virsh boots, interleaved; state in {stateDir}");
        try
        {
            var (kumo, virsh) = await RunInterleavedAsync(stateDir, count, cancellationToken);
            Report(kumo, virsh, figures);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static async Task<(List<KumoBootSample> Kumo, List<VirshSample> Virsh)> RunInterleavedAsync(string stateDir, int count, CancellationToken cancellationToken)
    {
        var kumoSamples = new List<KumoBootSample>();
        var virshSamples = new List<VirshSample>();
        await using var kumo = await KumoBooter.StartAsync(stateDir, cancellationToken);

        // Warm-up, not counted: fills the image cache, JIT-compiles both paths, pages virsh and QEMU in.
        // Its libvirt.xml, kernel and ramdisk become the baseline's template.
        var (warmUuid, warm) = await kumo.BootAsync("bench-warmup", cancellationToken);
        await using var virsh = await VirshBaseline.CaptureAsync(kumo.InstanceDir(warmUuid), Path.Combine(stateDir, "virsh"), cancellationToken);
        await kumo.DeleteAsync(warmUuid, cancellationToken);
        var warmVirsh = await virsh.BootAsync(0, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"  warm-up: kumo ACTIVE {warm.Active:0.000}s marker {warm.Marker:0.000}s; virsh started {warmVirsh.Started:0.000}s marker {warmVirsh.Marker:0.000}s (not counted)");

        for (var run = 1; run <= count; run++)
        {
            var (uuid, k) = await kumo.BootAsync($"bench-{run}", cancellationToken);
            await kumo.DeleteAsync(uuid, cancellationToken);
            var v = await virsh.BootAsync(run, cancellationToken);
            kumoSamples.Add(k);
            virshSamples.Add(v);
            AnsiConsole.MarkupLineInterpolated($"  run {run,3}: kumo ACTIVE {k.Active:0.000}s marker {k.Marker:0.000}s | virsh started {v.Started:0.000}s marker {v.Marker:0.000}s");
        }
        return (kumoSamples, virshSamples);
    }

    private static void Report(List<KumoBootSample> kumo, List<VirshSample> virsh, Figures figures)
    {
        double P(IEnumerable<double> values, double percent) => Stats.Percentile(values.ToList(), percent);

        var kumoActive = kumo.Select(s => s.Active).ToList();
        var virshActive = virsh.Select(s => s.Started).ToList();
        var kumoMarker = kumo.Select(s => s.Marker).ToList();
        var virshMarker = virsh.Select(s => s.Marker).ToList();

        figures.Add("boot.kumo_active_p50_s", P(kumoActive, 50), 3);
        figures.Add("boot.kumo_active_p95_s", P(kumoActive, 95), 3);
        figures.Add("boot.virsh_active_p50_s", P(virshActive, 50), 3);
        figures.Add("boot.virsh_active_p95_s", P(virshActive, 95), 3);
        figures.Add("boot.active_ratio", P(kumoActive, 50) / P(virshActive, 50), 2);
        figures.Add("boot.kumo_marker_p50_s", P(kumoMarker, 50), 3);
        figures.Add("boot.kumo_marker_p95_s", P(kumoMarker, 95), 3);
        figures.Add("boot.virsh_marker_p50_s", P(virshMarker, 50), 3);
        figures.Add("boot.virsh_marker_p95_s", P(virshMarker, 95), 3);
        figures.Add("boot.marker_ratio", P(kumoMarker, 50) / P(virshMarker, 50), 2);

        // Where Kumo's request→ACTIVE goes (medians, seconds from the request unless "duration").
        figures.Add("boot.kumo_api_return_p50_s", P(kumo.Select(s => s.ApiReturned), 50), 3);
        figures.Add("boot.kumo_create_start_p50_s", P(kumo.Select(s => s.CreateStart), 50), 3);
        figures.Add("boot.kumo_spawn_start_p50_s", P(kumo.Select(s => s.SpawnStart), 50), 3);
        figures.Add("boot.kumo_spawn_disks_duration_p50_s", P(kumo.Select(s => s.RootDiskCreated - s.SpawnStart), 50), 3);
        figures.Add("boot.kumo_spawn_qemu_img_duration_p50_s", P(kumo.Select(s => s.QemuImg), 50), 3);
        figures.Add("boot.kumo_spawn_rest_duration_p50_s", P(kumo.Select(s => s.LaunchedAt - s.RootDiskCreated), 50), 3);
        figures.Add("boot.kumo_launched_at_p50_s", P(kumo.Select(s => s.LaunchedAt), 50), 3);
        figures.Add("boot.kumo_create_end_p50_s", P(kumo.Select(s => s.CreateEnd), 50), 3);
        figures.Add("boot.virsh_define_duration_p50_s", P(virsh.Select(s => s.Defined), 50), 3);
        figures.Add("boot.virsh_start_duration_p50_s", P(virsh.Select(s => s.Started - s.Defined), 50), 3);
        figures.Add("boot.runs", kumo.Count);
    }
}
