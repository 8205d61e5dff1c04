using System.Diagnostics;
using Kumo.Common.IO;
using Kumo.Common.Processes;
using Kumo.Deployment.AllInOne;
using Kumo.Virt.ConfigDrive;
using Kumo.Virt.Libvirt.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kumo.Bench;

/// <summary>
/// The baseline: the domain Kumo designed, booted by hand with `virsh define` + `virsh start`, as an
/// operator would without any control plane. Disks are prepared before the clock starts (fresh qcow2
/// overlays of the same bases for the root, ephemeral and swap disks, private copies of the kernel,
/// ramdisk and config drive); the domain is destroyed and undefined after it stops.
/// </summary>
internal sealed class VirshBaseline : IAsyncDisposable
{
    private const string Uri = "qemu:///system";

    private readonly ProcessCommandRunner _runner = new(NullLogger<ProcessCommandRunner>.Instance);
    private readonly HashSet<string> _defined = [];
    private readonly string _workDir;
    private readonly string _templateDir;
    private readonly string _templateXml;
    private readonly string _templateInstanceDir;
    private readonly IReadOnlyList<(string Name, QemuImageInfo Info)> _overlays;
    private readonly IReadOnlyList<string> _copies;
    private readonly string _prefix = "kumo-bench-" + Guid.NewGuid().ToString("N")[..8];

    private VirshBaseline(string workDir, string templateDir, string templateXml, string templateInstanceDir,
        IReadOnlyList<(string Name, QemuImageInfo Info)> overlays, IReadOnlyList<string> copies)
    {
        _workDir = workDir;
        _templateDir = templateDir;
        _templateXml = templateXml;
        _templateInstanceDir = templateInstanceDir;
        _overlays = overlays;
        _copies = copies;
    }

    /// <summary>
    /// Copies libvirt.xml, kernel, ramdisk and config drive (when it has one) of a Kumo instance (while
    /// it still exists) and notes the bases its root, ephemeral and swap disks are overlays of.
    /// </summary>
    public static async Task<VirshBaseline> CaptureAsync(string instanceDir, string workDir, CancellationToken cancellationToken)
    {
        var templateDir = Path.Combine(workDir, "template");
        HostPaths.CreateTraversableDirectory(templateDir);
        string[] copies = [.. new[] { InstanceDisks.KernelName, InstanceDisks.RamdiskName, ConfigDriveBuilder.FileName }
            .Where(file => File.Exists(Path.Combine(instanceDir, file)))];
        foreach (var file in copies.Append("libvirt.xml"))
        {
            File.Copy(Path.Combine(instanceDir, file), Path.Combine(templateDir, file));
        }
        var qemuImg = new QemuImg(new ProcessCommandRunner(NullLogger<ProcessCommandRunner>.Instance));
        var overlays = new List<(string, QemuImageInfo)>();
        foreach (var name in new[] { InstanceDisks.RootDiskName, InstanceDisks.EphemeralDiskName, InstanceDisks.SwapDiskName })
        {
            var path = Path.Combine(instanceDir, name);
            if (name != InstanceDisks.RootDiskName && !File.Exists(path))
            {
                continue;
            }
            var disk = await qemuImg.InfoAsync(path, "qcow2", cancellationToken);
            overlays.Add((name, disk.BackingFilename is not null ? disk
                : throw new InvalidOperationException($"{path} is not an overlay; nothing to rebuild it from.")));
        }
        var xml = await File.ReadAllTextAsync(Path.Combine(templateDir, "libvirt.xml"), cancellationToken);
        return new VirshBaseline(workDir, templateDir, xml, instanceDir, overlays, copies);
    }

    public async Task<VirshSample> BootAsync(int run, CancellationToken cancellationToken)
    {
        var name = $"{_prefix}-{run}";
        var runDir = Path.Combine(_workDir, $"run-{run}");
        var xmlPath = await PrepareAsync(name, runDir, cancellationToken);

        var t0 = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var markerTask = ConsoleMarkerWatcher.WaitAsync(Path.Combine(runDir, "console.log"), GuestImages.ConsoleMarker, KumoBooter.BootTimeout, stop.Token);
        long defined, started;
        try
        {
            _defined.Add(name);
            await VirshAsync(cancellationToken, "define", xmlPath);
            defined = Stopwatch.GetTimestamp();
            await VirshAsync(cancellationToken, "start", name);
            started = Stopwatch.GetTimestamp();
        }
        catch
        {
            await stop.CancelAsync();
            await markerTask.ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
        var marker = await markerTask;
        var sample = new VirshSample(
            Stopwatch.GetElapsedTime(t0, defined).TotalSeconds,
            Stopwatch.GetElapsedTime(t0, started).TotalSeconds,
            Stopwatch.GetElapsedTime(t0, marker).TotalSeconds);

        await RemoveAsync(name);
        Directory.Delete(runDir, recursive: true);
        return sample;
    }

    /// <summary>Outside the timed window: fresh overlays of the same bases, private copies of the other files (as Kumo makes them), the rewritten XML.</summary>
    private async Task<string> PrepareAsync(string name, string runDir, CancellationToken cancellationToken)
    {
        HostPaths.CreateTraversableDirectory(runDir);
        foreach (var file in _copies)
        {
            var copy = Path.Combine(runDir, file);
            File.Copy(Path.Combine(_templateDir, file), copy);
            HostPaths.MakeWorldReadable(copy);
        }
        foreach (var (file, disk) in _overlays)
        {
            await _runner.RunAsync(new CommandSpec(QemuImg.FileName, "create", "-f", "qcow2", "-F", disk.BackingFormat ?? "qcow2",
                "-b", disk.BackingFilename!, Path.Combine(runDir, file), disk.VirtualSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                cancellationToken);
        }
        var xmlPath = Path.Combine(runDir, "domain.xml");
        await File.WriteAllTextAsync(xmlPath, DomainXmlRewriter.Rewrite(_templateXml, _templateInstanceDir, name, Guid.NewGuid(), runDir), cancellationToken);
        return xmlPath;
    }

    private Task VirshAsync(CancellationToken cancellationToken, params string[] arguments) =>
        _runner.RunAsync(new CommandSpec("virsh", ["-c", Uri, .. arguments]) { Timeout = TimeSpan.FromSeconds(120) }, cancellationToken);

    /// <summary>destroy (it may have stopped already) then undefine.</summary>
    private async Task RemoveAsync(string name)
    {
        await _runner.RunAsync(new CommandSpec("virsh", "-c", Uri, "destroy", name) { CheckExitCode = false });
        await _runner.RunAsync(new CommandSpec("virsh", "-c", Uri, "undefine", name) { CheckExitCode = false });
        _defined.Remove(name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _defined.ToList())
        {
            await RemoveAsync(name);
        }
    }
}
