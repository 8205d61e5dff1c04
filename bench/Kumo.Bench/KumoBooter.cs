using System.Diagnostics;
using Kumo.Compute.Api;
using Kumo.Deployment.AllInOne;
using Kumo.Deployment.Configuration;
using Kumo.Deployment.Hosting;
using Kumo.Objects.Context;
using Kumo.Objects.Images;
using Kumo.Objects.Instances;
using Kumo.Objects.Network;
using Kumo.Virt.Libvirt.Designer;

namespace Kumo.Bench;

/// <summary>
/// `kumo serve`'s composition (KumoHost) on the real libvirt driver, in this process,
/// booting and deleting one server at a time while timing it from outside.
/// </summary>
internal sealed class KumoBooter : IAsyncDisposable
{
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(180);

    // Finer than the 20 ms InstanceWaiter uses, so polling adds little to request→ACTIVE.
    private static readonly TimeSpan StatePollInterval = TimeSpan.FromMilliseconds(2);

    private readonly KumoHost _cloud;
    private readonly ImageMeta _image;
    private readonly TimelineLoggers _timeline;

    private KumoBooter(KumoHost cloud, ImageMeta image, TimelineLoggers timeline)
    {
        _cloud = cloud;
        _image = image;
        _timeline = timeline;
    }

    public static async Task<KumoBooter> StartAsync(string stateDir, CancellationToken cancellationToken, Action<KumoOptions>? configure = null)
    {
        var options = new KumoOptions { StateDir = stateDir, VirtDriver = "libvirt" };
        options.Compute.Host = "bench-" + Guid.NewGuid().ToString("N")[..6];
        configure?.Invoke(options);
        var timeline = new TimelineLoggers();
        var cloud = await InProcessHost.StartAsync(options, timeline, cancellationToken);
        try
        {
            var image = await GuestImages.EnsureAsync(cloud.Shared.Images, GuestImages.DefaultDirectory(), cancellationToken);
            return new KumoBooter(cloud, image, timeline);
        }
        catch
        {
            await cloud.DisposeAsync();
            throw;
        }
    }

    public KumoHost Host => _cloud;

    /// <summary>The timeline of the last <see cref="BootAsync"/>, from its request to ACTIVE and the console marker.</summary>
    public IReadOnlyList<TimelineEntry> LastSteps { get; private set; } = [];

    /// <summary>The <see cref="Stopwatch"/> timestamp of the last boot's request.</summary>
    public long LastRequested { get; private set; }

    public string InstanceDir(Guid uuid) => InstancePaths.For(_cloud.Shared.Options.Libvirt.InstancesPath, uuid).InstanceDir;

    /// <summary>Boots one m1.tiny server (no NIC unless <paramref name="networks"/>) and waits for ACTIVE and for the console marker.</summary>
    public async Task<(Guid Uuid, KumoBootSample Sample)> BootAsync(string name, CancellationToken cancellationToken,
        IReadOnlyList<RequestedNetwork>? networks = null)
    {
        _timeline.Drain(); // only this boot's steps
        var context = NewRequest();
        var wall0 = DateTimeOffset.UtcNow;
        var t0 = Stopwatch.GetTimestamp();
        var created = await _cloud.ComputeApi.CreateAsync(context, new CreateServerRequest(name, "1", _image.Id, networks ?? []), cancellationToken);
        var apiReturned = Stopwatch.GetTimestamp();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var consoleLog = InstancePaths.For(_cloud.Shared.Options.Libvirt.InstancesPath, created.Uuid).ConsoleLog;
        var markerTask = ConsoleMarkerWatcher.WaitAsync(consoleLog, GuestImages.ConsoleMarker, BootTimeout, stop.Token);
        (long Seen, Instance Instance) active;
        try
        {
            active = await WaitActiveAsync(created.Uuid, stop.Token);
        }
        catch
        {
            await stop.CancelAsync();
            await markerTask.ContinueWith(_ => { }, TaskScheduler.Default); // observed, not rethrown
            throw;
        }
        var marker = await markerTask;

        var steps = _timeline.Drain();
        LastSteps = steps;
        LastRequested = t0;
        var notifications = await _cloud.Shared.Stores.Notifications.ListAsync("compute.instance.create", created.Uuid, cancellationToken);
        double Since(long timestamp) => Stopwatch.GetElapsedTime(t0, timestamp).TotalSeconds;
        double SinceWall(DateTimeOffset? time) => time is { } t ? (t - wall0).TotalSeconds : double.NaN;
        double Step(string category, int eventId) =>
            steps.FirstOrDefault(s => s.Category == category && s.EventId == eventId) is { } s ? Since(s.Timestamp) : double.NaN;
        var qemuImgMs = steps
            .Where(s => s.Category == TimelineLoggers.CommandRunner && s.Values.TryGetValue("Command", out var c) && c is string text && text.StartsWith("qemu-img", StringComparison.Ordinal))
            .Sum(s => Convert.ToDouble(s.Values["DurationMs"], System.Globalization.CultureInfo.InvariantCulture));

        return (created.Uuid, new KumoBootSample(
            Active: Since(active.Seen),
            Marker: Since(marker),
            ApiReturned: Since(apiReturned),
            SpawnStart: Step(TimelineLoggers.ImageCache, 3001),
            RootDiskCreated: Step(TimelineLoggers.DiskBuilder, 3101),
            QemuImg: qemuImgMs / 1000,
            LaunchedAt: SinceWall(active.Instance.LaunchedAt),
            CreateStart: SinceWall(notifications.FirstOrDefault(n => n.EventType.EndsWith(".create.start", StringComparison.Ordinal))?.Timestamp),
            CreateEnd: SinceWall(notifications.FirstOrDefault(n => n.EventType.EndsWith(".create.end", StringComparison.Ordinal))?.Timestamp)));
    }

    /// <summary>Deletes through the API and waits until the record is gone (the guest and its files go first).</summary>
    public async Task DeleteAsync(Guid uuid, CancellationToken cancellationToken)
    {
        await _cloud.ComputeApi.DeleteAsync(NewRequest(), uuid, cancellationToken);
        await InstanceWaiter.WaitForDeletedAsync(_cloud.Shared.Stores.Instances, uuid, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(20), cancellationToken);
    }

    private async Task<(long Seen, Instance Instance)> WaitActiveAsync(Guid uuid, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(BootTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var instance = await _cloud.Shared.Stores.Instances.GetAsync(uuid, cancellationToken: cancellationToken);
            var seen = Stopwatch.GetTimestamp();
            if (instance.VmState == VmState.Active && instance.TaskState is null)
            {
                return (seen, instance);
            }
            if (instance.VmState == VmState.Error)
            {
                var fault = await _cloud.Shared.Stores.InstanceFaults.GetLatestAsync(uuid, cancellationToken);
                throw new InvalidOperationException($"Server {uuid} went to ERROR: {fault?.Message ?? "no fault recorded"}");
            }
            if (seen > deadline)
            {
                throw new TimeoutException($"Server {uuid} was not ACTIVE within {BootTimeout.TotalSeconds:0} s ({instance.VmState.ToNovaName()}/{instance.TaskState.ToNovaName() ?? "none"}).");
            }
            await Task.Delay(StatePollInterval, cancellationToken);
        }
    }

    private static RequestContext NewRequest() => new(RequestContext.NewRequestId(), "bench-user", "bench-project");

    /// <summary>Deletes whatever a failed run left, then stops the cloud.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in await _cloud.Shared.Stores.Instances.ListAsync())
        {
            try
            {
                await DeleteAsync(instance.Uuid, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"Could not delete server {instance.Uuid}: {ex.Message}");
            }
        }
        await _cloud.DisposeAsync();
    }
}
