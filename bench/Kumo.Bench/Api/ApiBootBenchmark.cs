using System.Diagnostics;
using System.Text.Json.Nodes;
using Kumo.Common.IO;
using Kumo.Deployment.AllInOne;
using Kumo.Virt.Libvirt.Designer;
using Spectre.Console;

namespace Kumo.Bench.Api;

/// <summary>
/// Real guests through the REST API: `kumo serve` on the libvirt driver in its own process, servers
/// created by POST /servers and polled (GET every 2 ms unless told otherwise) until ACTIVE, interleaved with plain
/// `virsh define` + `virsh start` of the very XML Kumo produced (fresh overlay per run, prepared outside
/// the timed window), so that load drifts hit both alike. With guest data (issue 11's variant) the
/// servers carry a config drive with user data and a flavor with a 1 GB ephemeral and a 64 MB swap
/// disk, and virsh boots the same XML over fresh overlays of the same blank bases and a copy of the
/// drive. Each build's timeline (the create action's events) says where Kumo's time went.
/// </summary>
internal static class ApiBootBenchmark
{
    /// <summary>The default GET interval while waiting for ACTIVE.</summary>
    public const int DefaultPollMs = 2;

    public static async Task RunAsync(int count, bool guestData, int pollMs, Figures figures, CancellationToken cancellationToken)
    {
        var poll = TimeSpan.FromMilliseconds(pollMs);
        var prefix = guestData ? "boot.api_guest_data_" : "boot.api_";
        // Under /var/lib/kumo, not /tmp: QEMU's user must traverse it, and a private /tmp may be invisible to it.
        var stateDir = Path.Combine("/var/lib/kumo", "bench-api-" + Guid.NewGuid().ToString("N")[..10]);
        HostPaths.CreateTraversableDirectory(stateDir);
        AnsiConsole.MarkupLineInterpolated($"[bold]boot-api[/]{(guestData ? " (config drive, ephemeral and swap)" : "")}: {count} servers through the REST API (kumo serve, libvirt) and {count} virsh boots, interleaved; state in {stateDir}");
        var virshDir = stateDir + "-virsh";
        HostPaths.CreateTraversableDirectory(virshDir);
        try
        {
            await using var serve = await ServeProcess.StartAsync("libvirt", withDashboard: false, cancellationToken, stateDir);
            using var admin = new OpenStackHttp(serve.BaseUrl);
            admin.UseToken(await admin.IssueTokenAsync("admin", ServeProcess.AdminPassword, "admin", cancellationToken));
            var image = await UploadGuestAsync(admin, GuestImages.DefaultDirectory(), cancellationToken);
            var server = new ServerBody(image, guestData ? await admin.CreateFlavorAsync("bench.guest-data", 512, 1, 1, 1, 64, cancellationToken) : "1", guestData);

            // Warm-up, not counted: fills the image cache and JIT-compiles the path; its libvirt.xml,
            // kernel and ramdisk become the baseline's template.
            var (warmId, warm) = await BootAsync(admin, server.For("bench-api-warmup"), poll, cancellationToken);
            await using var virsh = await VirshBaseline.CaptureAsync(InstancePaths.For(Path.Combine(stateDir, "instances"), Guid.Parse(warmId)).InstanceDir,
                virshDir, cancellationToken);
            await DeleteAsync(admin, warmId, cancellationToken);
            var warmVirsh = await virsh.BootAsync(0, cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"  warm-up: api ACTIVE {warm.Active:0.000}s; virsh started {warmVirsh.Started:0.000}s (not counted)");

            var api = new List<ApiBoot>();
            var baseline = new List<VirshSample>();
            var steps = new BuildStepTimes();
            for (var run = 1; run <= count; run++)
            {
                var (id, sample) = await BootAsync(admin, server.For($"bench-api-{run}"), poll, cancellationToken);
                steps.Add(await admin.ActionEventsAsync(id, sample.RequestId, cancellationToken));
                await DeleteAsync(admin, id, cancellationToken);
                var v = await virsh.BootAsync(run, cancellationToken);
                api.Add(sample);
                baseline.Add(v);
                AnsiConsole.MarkupLineInterpolated($"  run {run,3}: api POST {sample.Post * 1000:0.0}ms ACTIVE {sample.Active:0.000}s | virsh started {v.Started:0.000}s");
            }
            var apiActive = Stats.Percentile(api.Select(s => s.Active).ToList(), 50);
            var virshActive = Stats.Percentile(baseline.Select(s => s.Started).ToList(), 50);
            figures.Add(prefix + "post_p50_ms", Stats.Percentile(api.Select(s => s.Post * 1000).ToList(), 50), 2);
            figures.Add(prefix + "active_p50_s", apiActive, 3);
            figures.Add(prefix + "virsh_active_p50_s", virshActive, 3);
            figures.Add(prefix + "active_ratio", apiActive / virshActive, 2);
            figures.Add(prefix + "runs", api.Count);
            steps.AddTo(figures, prefix + "step_");
        }
        finally
        {
            Directory.Delete(virshDir, recursive: true);
        }
    }

    /// <summary>The guest of tools/guest/build-guest.sh as a user registers it in Glance: kernel, ramdisk, and the disk naming both.</summary>
    private static async Task<string> UploadGuestAsync(OpenStackHttp client, string guestDir, CancellationToken cancellationToken)
    {
        async Task<string> UploadAsync(string name, string format, string container, string file, IReadOnlyDictionary<string, string> properties)
        {
            await using var data = File.OpenRead(Path.Combine(guestDir, file));
            return await client.UploadImageAsync(name, format, container, data, properties, cancellationToken);
        }
        var kernel = await UploadAsync("bench-kernel", "aki", "aki", "vmlinuz", new Dictionary<string, string>());
        var ramdisk = await UploadAsync("bench-ramdisk", "ari", "ari", "initramfs.img", new Dictionary<string, string>());
        return await UploadAsync("bench-guest", "qcow2", "bare", "root.qcow2", new Dictionary<string, string>
        {
            ["kernel_id"] = kernel,
            ["ramdisk_id"] = ramdisk,
            ["os_command_line"] = "console=ttyS0",
        });
    }

    private static async Task<(string Id, ApiBoot Sample)> BootAsync(OpenStackHttp client, JsonObject server, TimeSpan poll, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (id, requestId) = await client.CreateServerAsync(server, cancellationToken);
        var posted = Stopwatch.GetTimestamp();
        var deadline = Stopwatch.StartNew();
        while (await client.GetServerStatusAsync(id, cancellationToken) is var status && status != "ACTIVE")
        {
            if (status is "ERROR" or null || deadline.Elapsed > KumoBooter.BootTimeout)
            {
                throw new InvalidOperationException($"Server {id} is {status ?? "gone"} after {deadline.Elapsed.TotalSeconds:0.0} s, not ACTIVE.");
            }
            await Task.Delay(poll, cancellationToken);
        }
        var active = Stopwatch.GetTimestamp();
        return (id, new ApiBoot(Stopwatch.GetElapsedTime(started, posted).TotalSeconds, Stopwatch.GetElapsedTime(started, active).TotalSeconds, requestId));
    }

    private static async Task DeleteAsync(OpenStackHttp client, string id, CancellationToken cancellationToken)
    {
        await client.DeleteServerAsync(id, cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (await client.GetServerStatusAsync(id, cancellationToken) is not null)
        {
            if (deadline.Elapsed > KumoBooter.BootTimeout)
            {
                throw new TimeoutException($"Server {id} was not deleted within {KumoBooter.BootTimeout.TotalSeconds} s.");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Seconds from the POST: its answer, and ACTIVE seen by the client; the create's request id.</summary>
    private sealed record ApiBoot(double Post, double Active, string RequestId);

    /// <summary>The server create body: the plain boot, or with a config drive and user data on the guest-data flavor.</summary>
    private sealed record ServerBody(string Image, string Flavor, bool GuestData)
    {
        private static readonly string UserData = Convert.ToBase64String("#!/bin/sh\necho kumo bench user data\n"u8.ToArray());

        public JsonObject For(string name)
        {
            var server = new JsonObject { ["name"] = name, ["flavorRef"] = Flavor, ["imageRef"] = Image };
            if (GuestData)
            {
                server["config_drive"] = true;
                server["user_data"] = UserData;
            }
            return server;
        }
    }
}
